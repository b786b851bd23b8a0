// The sandbox's trickle (new `initiated` disputes on a timer, stopped cleanly), eight seeded
// disputes on the v1 transport (all five scenarios, the full party dance included) with their
// planned statuses, and the CLI's help and argument errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { main, sandboxHelp } from '../../../../sim/sandbox/cli.ts';
import { OUTCOME_STATUS, SEED_PLAN, startSandbox, type Sandbox } from '../../../../sim/sandbox/index.ts';
import { tag } from '../mostrod/client.ts';

describe('sandbox with eight disputes on v1 and a fast trickle', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'sandbox-v1', protocolVersion: 1, disputes: 8, trickleEveryMs: 400, replyDelayMs: 0 });
	}, 30_000);
	afterAll(() => sb?.stop());

	it('seeds every planned dispute with its status, including the full party dance', async () => {
		const events: NostrEvent[] = await sb.crowd.net.query([{ kinds: [38386], authors: [sb.nodePubkey] }]);
		const latest = new Map<string, string>();
		for (const e of events.sort((a, b) => a.created_at - b.created_at)) latest.set(tag(e, 'd') ?? '', tag(e, 's') ?? '');
		const seeded = sb.disputes().filter((r) => r.label.startsWith('seed-'));
		expect(seeded).toHaveLength(8);
		expect(seeded.map((r) => r.scenario)).toEqual(SEED_PLAN.slice(0, 8).map((p) => p.scenario));
		for (const r of seeded) expect(latest.get(r.disputeId)).toBe(OUTCOME_STATUS[r.outcome]);
		expect(new Set(seeded.map((r) => r.scenario))).toEqual(new Set(['honest-buyer', 'honest-seller', 'scammer-seller', 'legacy-chat', 'full-dance']));
		expect(new Set(seeded.flatMap((r) => [r.disclosed.buyer, r.disclosed.seller]))).toEqual(new Set(['k-conv', 'ecdh']));
	});

	it('trickles new initiated disputes until stopped', async () => {
		const end = Date.now() + 8000;
		while (sb.disputes().filter((r) => r.label.startsWith('trickle-')).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
		const trickled = sb.disputes().filter((r) => r.label.startsWith('trickle-'));
		expect(trickled.length).toBeGreaterThanOrEqual(2);
		expect(sb.node.dispute(trickled[0]!.disputeId)?.status).toBe('initiated');
		await sb.stop();
		const after = sb.disputes().length;
		await new Promise((r) => setTimeout(r, 900));
		expect(sb.disputes().length).toBe(after);
	});
});

describe('sandbox CLI', () => {
	it('documents the options, the control routes and the trigger phrases', async () => {
		const help = sandboxHelp();
		for (const s of ['--data-dir', '--disputes', '--trickle-ms', '--transport', '--seed', 'POST /orders', '/solvers', 'clave compartida']) expect(help).toContain(s);
		expect(await main(['--help'])).toBe(0);
	});

	it('refuses bad arguments with exit code 2', async () => {
		expect(await main(['--transport', '3'])).toBe(2);
		expect(await main(['--nope'])).toBe(2);
	});
});
