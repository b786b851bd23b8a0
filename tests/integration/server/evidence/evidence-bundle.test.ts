// The evidence bundle end to end: a scammer's trade chat imported with the buyer's K_conv is
// exported (without and with the disclosed key), checked offline by the CLI (`evidence verify`,
// with and without --key), and a single changed byte makes the CLI fail and name the event.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvidenceBundle } from '../../../../src/lib/server/evidence/bundle-export.ts';
import { importEvidenceKey } from '../../../../src/lib/server/evidence/key-import.ts';
import { verifyEvidenceBundle } from '../../../../src/lib/protocol/evidence-bundle-verify.ts';
import { askForChatKey, startEvidenceWorld, takenScenario, type EvidenceWorld } from './evidence-world.ts';
import { addCaseNote } from '../../../../src/lib/server/case-notes/case-notes.ts';
import { exportCaseRecord } from '../../../../src/lib/server/evidence/case-record-export.ts';

const dir = mkdtempSync(join(tmpdir(), 'evidence-bundle-'));
const cli = (...args: string[]) => {
	const r = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', 'evidence', 'verify', ...args], { encoding: 'utf8', timeout: 30_000 });
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('evidence bundle export and offline verification', () => {
	let w: EvidenceWorld;
	let disputeId = '';
	let replayOuter = '';
	beforeAll(async () => {
		w = await startEvidenceWorld('evidence-bundle');
		const r = await takenScenario(w, { scenario: 'scammer-seller', initiator: 'buyer', label: 'bundle-scam', buyer: { language: 'es', disclose: 'k-conv' } });
		disputeId = r.disputeId;
		replayOuter = r.tradeChat?.invalid.replay ?? '';
		const msg = await askForChatKey(w, disputeId, 'buyer');
		await importEvidenceKey(w.world.services, w.actor, disputeId, { secret: '', sourceMessageId: msg, disclosedBy: 'unknown', via: 'out_of_band', disclosedAt: null });
	});
	afterAll(async () => {
		await w.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('exports a signed bundle with no secret key and the CLI verifies it, with and without the key', async () => {
		const plain = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false });
		expect(plain.json).not.toMatch(/"secret"/);
		expect(plain.bundle.manifest.pubkey).toBe(w.mediator.pubkey);
		expect(plain.bundle.events.filter((e) => e.verdict === 'accepted')).toHaveLength(5);
		expect(
			plain.bundle.events
				.map((e) => e.verdict)
				.filter((v) => v !== 'accepted')
				.sort()
		).toEqual(['bad_p_tag', 'replay']);
		expect(plain.bundle.events.some((e) => e.attachment?.sha256.length === 64)).toBe(true);
		const file = join(dir, 'plain.json');
		writeFileSync(file, plain.json);
		const structural = cli(file);
		expect(structural.out).toContain('VERIFIED');
		expect(structural.out).toContain('[structure]');
		expect(structural.code).toBe(0);
		// Every outer signature is checked, also of events rejected before the signature step
		// (the wrong-p message is genuinely signed by the conversation key: reported, not a failure).
		const report = verifyEvidenceBundle(JSON.parse(plain.json));
		expect(report.events.map((e) => e.outerSignature)).toEqual(report.events.map(() => true));
		expect(structural.out.split('\n').filter((l) => l.includes('bad_p_tag'))[0]).toContain('sig:ok');

		const withKey = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: true });
		const secret = withKey.bundle.disclosures[0]?.secret ?? '';
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const keyed = cli(file, '--key', secret);
		expect(keyed.out).toContain('[key]');
		expect(keyed.out).toMatch(/replay/);
		expect(keyed.code).toBe(0);
		const keyFile = join(dir, 'with-key.json');
		writeFileSync(keyFile, withKey.json);
		expect(verifyEvidenceBundle(JSON.parse(withKey.json)).events.every((e) => e.checkedWith === 'key')).toBe(true);
		expect(cli(keyFile).code).toBe(0);
		expect(cli(file, '--key', '11'.repeat(32))).toMatchObject({ code: 1, out: expect.stringContaining('matches no disclosure') });
		const audit = (await w.world.database.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
		expect(audit).toEqual(expect.arrayContaining(['evidence.exported', 'evidence.exported_with_key']));
	});

	it('one changed byte makes the CLI fail and name the event', async () => {
		const { json, bundle } = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false });
		const target = bundle.events.find((e) => e.verdict === 'accepted' && (e.inner as { content: string }).content.length > 10)!;
		const outer = target.outer as { id: string; content: string };
		const at = json.indexOf(outer.content) + 20;
		const tampered = json.slice(0, at) + (json[at] === 'A' ? 'B' : 'A') + json.slice(at + 1);
		expect(tampered.length).toBe(json.length);
		const file = join(dir, 'tampered.json');
		writeFileSync(file, tampered);
		const r = cli(file);
		expect(r.code).toBe(1);
		expect(r.out).toContain(`PROBLEM in event ${outer.id}`);
		expect(r.out).toContain('FAILED');

		// Relabelling the replay as accepted is caught: the manifest commits to every entry.
		const relabelled = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')) as { events: Array<{ verdict: string; outer: { id: string } }> };
		const replay = relabelled.events.find((e) => e.verdict === 'replay')!;
		replay.verdict = 'accepted';
		const report = verifyEvidenceBundle(relabelled);
		expect(report.ok).toBe(false);
		expect(report.events.find((e) => e.outerId === replay.outer.id)?.problems.join(' ')).toMatch(/hash differs|accepted twice/);
		expect([replay.outer.id, ...bundle.events.map((e) => (e.outer as { id: string }).id)]).toContain(replayOuter);
	});

	it('carries the private case notes only when asked, and verifies with and without them', async () => {
		const secret = 'Seller <b>admitted</b> the late payment on a call';
		await addCaseNote(w.world.services, w.actor, disputeId, { body: secret });
		const without = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false });
		expect(without.json).not.toContain('admitted');
		expect(without.bundle).not.toHaveProperty('notes');
		const withNotes = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false, includeNotes: true });
		expect(withNotes.bundle.notes).toEqual([expect.objectContaining({ author: w.mediator.name, text: secret })]);
		for (const [name, json] of [
			['no-notes.json', without.json],
			['notes.json', withNotes.json]
		] as const) {
			writeFileSync(join(dir, name), json);
			const r = cli(join(dir, name));
			expect(r.out, name).toContain('VERIFIED');
			expect(r.code, name).toBe(0);
		}
		expect(cli(join(dir, 'notes.json')).out).toContain('case notes: 1');
		expect(verifyEvidenceBundle(JSON.parse(without.json)).notes).toBeNull();
		// A note changed after export breaks the signed body hash.
		const changed = JSON.parse(withNotes.json) as { notes: Array<{ text: string }> };
		changed.notes[0]!.text = 'The buyer admitted it';
		expect(verifyEvidenceBundle(changed)).toMatchObject({ ok: false, problems: expect.arrayContaining(['bundle body differs from what the manifest signed']) });
		// The case record likewise, and escaped.
		const record = await exportCaseRecord(w.world.services, w.actor, disputeId, { locale: 'en', includeNotes: true });
		expect(record.html).toContain('Private case notes');
		expect(record.html).toContain('Seller &lt;b&gt;admitted&lt;/b&gt;');
		const plainRecord = await exportCaseRecord(w.world.services, w.actor, disputeId, { locale: 'en' });
		expect(plainRecord.html).not.toContain('Private case notes');
		const audit = await w.world.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['evidence.exported', 'evidence.record_exported']).execute();
		expect(audit.map((a) => (JSON.parse(a.details) as { notes: number | null }).notes)).toEqual(expect.arrayContaining([null, 1]));
	});
});
