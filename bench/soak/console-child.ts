// Child-process entry of the soak benchmark (bench/soak.ts): starts the console's runtime as the
// server's init hook does (config from the environment, data directory, migrations, engine and
// dispute chat on real relays), without the HTTP layer, and runs the mediator team's commands
// sent over IPC through the same server commands the routes call: take, chat (and its "send
// again"), evidence import,
// decide (propose) and review (approve), plus the end-of-run checks (archive reads, audit verify).
// Each request `{ id, op, ... }` gets one answer `{ id, ok, value | error }`. Must never outlive
// the benchmark (exits on IPC disconnect) and never print secrets.
import { loadConfig } from '../../src/lib/server/config.ts';
import { readMigrationSetFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { startRuntime } from '../../src/lib/server/runtime.ts';
import { personActor, systemActor, type PersonActor } from '../../src/lib/server/auth/actor.ts';
import { insertUser } from '../../src/lib/server/users/repository.ts';
import { createSolverKey } from '../../src/lib/server/vault/solver-keys.ts';
import { executeAddSolver } from '../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../src/lib/server/mostro/actions/take-dispute.ts';
import { resendChatMessage } from '../../src/lib/server/mostro/dispute-chat/chat-resend.ts';
import { decide, reviewDecision } from '../../src/lib/server/mostro/actions/decide.ts';
import { setFourEyesSats } from '../../src/lib/server/mostro/decision-settings.ts';
import { importEvidenceKey } from '../../src/lib/server/evidence/key-import.ts';
import { verifyAuditLog } from '../../src/lib/server/audit/query.ts';
import { attachmentUrlOf } from '../../src/lib/server/evidence/evidence-archive.ts';
import { blobHashFromUrl } from '../../src/lib/protocol/attachments.ts';
import { encodeNsec } from '../../src/lib/protocol/keys.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import { getInstanceInfo } from '../../src/lib/server/mostro/instance-info-repository.ts';

type Person = { id: number; name: string; role: 'operator' | 'mediator' };
type Request = { id: number; op: string; [key: string]: unknown };

const runtime = await startRuntime(loadConfig(), readMigrationSetFromDisk());
const actorOf = (p: Person): PersonActor => personActor({ id: p.id, name: p.name, role: p.role });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

async function addPerson(name: string, role: Person['role']): Promise<Person> {
	const id = await insertUser(runtime.db, { name, role, passwordHash: 'x', mustChangePassword: false }, Date.now());
	return { id, name, role };
}

/** First start only: an operator, two mediators with solver keys registered on the node, four-eyes for every amount. */
async function setup(nodeSecretHex: string): Promise<Person[]> {
	for (let i = 0; i < 300 && !(await getInstanceInfo(runtime.db, runtime.config.mostroPubkey ?? '')); i++) await new Promise((r) => setTimeout(r, 100));
	const operator = await addPerson('olga', 'operator');
	const team: Person[] = [await addPerson('alice', 'mediator'), await addPerson('bruno', 'mediator')];
	for (const m of team) {
		await createSolverKey(runtime, systemActor('cli'), m.id, { generate: true });
		await runtime.events.settled();
		const sent = await executeAddSolver(runtime, actorOf(operator), m.id, { permission: 'read-write', nodeKey: encodeNsec(hexToBytes(nodeSecretHex)), keepNodeKey: false });
		if (sent.state !== 'acknowledged') throw new Error(`add-solver for ${m.name}: ${sent.state}`);
	}
	await setFourEyesSats(runtime, actorOf(operator), null, '1');
	return team;
}

/** The incoming message of `party` that carries a 64-hex key, newest first. */
async function disclosureMessage(disputeId: string, party: string): Promise<number | null> {
	const rows = await runtime.db
		.selectFrom('chat_messages')
		.select(['id', 'content'])
		.where('dispute_id', '=', disputeId)
		.where('party', '=', party === 'seller' ? 'seller' : 'buyer')
		.where('direction', '=', 'in')
		.orderBy('id', 'desc')
		.execute();
	return rows.find((m) => /[0-9a-f]{64}/i.test(m.content))?.id ?? null;
}

/** Every blob URL a stored chat message or accepted evidence event refers to. */
async function referencedBlobs(): Promise<string[]> {
	const chat = await runtime.db.selectFrom('chat_messages').select('attachment').where('attachment', 'is not', null).execute();
	const evidence = await runtime.db.selectFrom('evidence_events').select(['verdict', 'inner_raw']).where('verdict', '=', 'accepted').where('inner_raw', 'like', '%_encrypted%').execute();
	const urls = new Set<string>();
	for (const row of chat) {
		try {
			const url = (JSON.parse(row.attachment ?? '') as { blossom_url?: unknown }).blossom_url;
			if (typeof url === 'string') urls.add(url);
		} catch {
			// not JSON: not an attachment reference
		}
	}
	for (const row of evidence) {
		const url = attachmentUrlOf({ verdict: row.verdict, innerRaw: row.inner_raw });
		if (url) urls.add(url);
	}
	return [...urls].filter((url) => blobHashFromUrl(url) !== null);
}

/** With the blob host gone: each referenced blob must come from the archive. */
async function serveFromArchive(): Promise<{ total: number; served: number; missing: string[] }> {
	await runtime.archive.settled();
	const urls = await referencedBlobs();
	const missing: string[] = [];
	for (const url of urls) {
		const ok = await runtime.archive.obtain(url).then(
			(b) => b.length > 0,
			() => false
		);
		if (!ok) missing.push(blobHashFromUrl(url) ?? url);
	}
	return { total: urls.length, served: urls.length - missing.length, missing };
}

async function run(r: Request): Promise<unknown> {
	const who = r.who as Person;
	const disputeId = str(r.disputeId);
	switch (r.op) {
		case 'setup':
			return setup(str(r.nodeSecret));
		case 'settled':
			await runtime.engine.settled();
			await runtime.chat.settled();
			return true;
		case 'take':
			return (await executeTake(runtime, actorOf(who), disputeId, { confirmedTakeover: false })).state;
		case 'chat':
			await runtime.chat.send(actorOf(who), disputeId, str(r.party) === 'seller' ? 'seller' : 'buyer', str(r.text));
			return true;
		case 'chat-resend':
			return resendChatMessage(runtime, actorOf(who), disputeId, Number(r.messageId)).then((out) => out.receipts.filter((x) => x.accepted).length);
		case 'import': {
			const messageId = await disclosureMessage(disputeId, str(r.party));
			if (messageId === null) return 'no-disclosure';
			const out = await importEvidenceKey(runtime, actorOf(who), disputeId, { secret: '', sourceMessageId: messageId, disclosedBy: 'unknown', via: 'dispute_chat', disclosedAt: null });
			return { kind: out.kind, accepted: out.accepted };
		}
		case 'propose': {
			const info = await runtime.db.selectFrom('dispute_info').select('order_id').where('dispute_id', '=', disputeId).executeTakeFirst();
			if (!info) return 'no-info';
			const outcome = r.outcome === 'cancel' ? 'cancel' : 'settle';
			const res = await decide(runtime, actorOf(who), disputeId, {
				outcome,
				slashBuyer: false,
				slashSeller: false,
				reasonCode: outcome === 'settle' ? 'seller_unresponsive' : 'fiat_not_received',
				justification: 'Soak benchmark decision after reading the evidence.',
				confirmOrderId: info.order_id
			});
			return res.kind === 'proposed' ? { proposed: res.decisionId } : { executed: res.decisionId, state: res.outcome.state };
		}
		case 'approve': {
			const res = await reviewDecision(runtime, actorOf(who), disputeId, { decisionId: Number(r.decisionId), approve: true, comment: 'Checked the evidence, approved.' });
			return res.kind === 'executed' ? { executed: res.decisionId, state: res.outcome.state } : { rejected: res.decisionId };
		}
		case 'archive':
			return serveFromArchive();
		case 'archive-status': {
			const urls = await referencedBlobs();
			const known = await runtime.archive.status(urls.map((url) => ({ hash: blobHashFromUrl(url) as string, url })));
			const states = [...known.values()].map((s) => s.state);
			return { archived: states.filter((s) => s === 'archived').length, failed: states.filter((s) => s === 'failed').length, pending: states.filter((s) => s === 'pending').length };
		}
		case 'archive-open-failed': {
			// What a mediator opening each such attachment does (the view fetches it at once); the
			// console's own retry waits 5 min × attempts, longer than the benchmark's end wait.
			const urls = await referencedBlobs();
			const known = await runtime.archive.status(urls.map((url) => ({ hash: blobHashFromUrl(url) as string, url })));
			const failed = urls.filter((url) => known.get(blobHashFromUrl(url) as string)?.state === 'failed');
			let fetched = 0;
			for (const url of failed) {
				if (
					await runtime.archive.obtain(url).then(
						(b) => b.length > 0,
						() => false
					)
				)
					fetched++;
			}
			return { opened: failed.length, fetched, failures: failed.map((url) => known.get(blobHashFromUrl(url) as string)?.failure ?? null) };
		}
		case 'memory':
			return process.memoryUsage();
		case 'audit': {
			const verdict = await verifyAuditLog(runtime.db);
			return { ok: verdict.ok, verdict: JSON.stringify(verdict).slice(0, 400) };
		}
		default:
			throw new Error(`unknown op ${r.op}`);
	}
}

process.on('message', (message: unknown) => {
	const r = message as Request;
	if (typeof r?.id !== 'number') return;
	run(r).then(
		(value) => process.send?.({ id: r.id, ok: true, value }),
		(error: unknown) => process.send?.({ id: r.id, ok: false, error: (error as { key?: string }).key ?? (error as Error).message ?? String(error) })
	);
});

process.once('disconnect', () => process.exit(1));
process.once('SIGTERM', () => {
	void runtime.close().finally(() => process.exit(0));
});
process.send?.({ type: 'ready' });
