// Issue 14 §1: someone who can write the data directory rewrites history. Each attack from the
// issue is reproduced against a real SQLite database and must make verify fail: an edited row
// with a recomputed chain and checkpoints re-signed by another key, a middle row deleted and
// the rest renumbered, a cut tail with its checkpoint removed, checkpoint lines dropped from
// an export, and checkpoints reordered; checkpoint rows themselves refuse UPDATE and DELETE.
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { recordAudit, toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { AUDIT_CHECKPOINT_MS, checkpointDigest, ensureAuditKey, listCheckpoints, signAuditHead } from '../../../../src/lib/server/audit/checkpoints.ts';
import { exportAuditLines, parseAuditJsonl, verifyAuditFile } from '../../../../src/lib/server/audit/export.ts';
import { GENESIS_HASH, hashEntry, type ChainedEntry } from '../../../../src/lib/server/audit/hash-chain.ts';
import { verifyAuditLog } from '../../../../src/lib/server/audit/query.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let pinned: string;
const sealer = createSealer(new Uint8Array(randomBytes(32)));
const actor = systemActor('system');
const start = Date.now() - 60 * 60 * 1000;
const later = Date.now() + AUDIT_CHECKPOINT_MS * 2;

beforeEach(async () => {
	database = openTestDatabase();
	pinned = (await ensureAuditKey(database.db, sealer)).pubkey;
	for (let i = 1; i <= 6; i++) {
		await recordAudit(database.db, actor, { action: i === 3 ? 'decision.approved' : 'test.event', details: { i }, at: start + i * 1000 });
		if (i % 2 === 0) await signAuditHead(database.db, sealer, start + i * 1000 + 10);
	}
});
afterEach(() => database.close());

async function entries(): Promise<ChainedEntry[]> {
	return (await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(toChainedEntry);
}

/** What an attacker with the database file does: write the given entries back with a recomputed chain. */
function rewriteLog(rows: Omit<ChainedEntry, 'id' | 'prevHash' | 'hash'>[]): ChainedEntry[] {
	database.raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log;');
	let prevHash = GENESIS_HASH;
	const insert = database.raw.prepare('INSERT INTO audit_log (id, at, actor_user_id, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
	return rows.map((row, index) => {
		const entry = { ...row, id: index + 1, prevHash };
		const hash = hashEntry(entry);
		insert.run(entry.id, entry.at, entry.actorUserId, entry.actor, entry.action, entry.subject, entry.details, prevHash, hash);
		prevHash = hash;
		return { ...entry, hash };
	});
}

function dropCheckpoints(where = '1 = 1'): void {
	database.raw.exec(`DROP TRIGGER IF EXISTS audit_checkpoints_no_delete; DELETE FROM audit_checkpoints WHERE ${where};`);
}

describe('audit trail against someone who can write the data directory', () => {
	it('refuses checkpoint rows being changed or removed', () => {
		expect(() => database.raw.exec('DELETE FROM audit_checkpoints')).toThrow(/append-only/);
		expect(() => database.raw.exec("UPDATE audit_checkpoints SET head_hash = 'x'")).toThrow(/append-only/);
	});

	it('verifies the untouched log against the pinned key', async () => {
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: true, count: 6, checkpoints: 3, pinned: true });
	});

	it('catches an edited row with a recomputed chain and checkpoints re-signed by another key', async () => {
		const edited = (await entries()).map((entry) => (entry.id === 3 ? { ...entry, details: JSON.stringify({ i: 3, winner: 'seller' }) } : entry));
		const rewritten = rewriteLog(edited);
		dropCheckpoints();
		const attacker = new Uint8Array(randomBytes(32));
		const attackerPub = bytesToHex(schnorr.getPublicKey(attacker));
		for (const entry of rewritten.filter((e) => e.id % 2 === 0)) {
			const signature = bytesToHex(schnorr.sign(checkpointDigest(entry.id, entry.hash, entry.at + 10), attacker));
			await database.db
				.insertInto('audit_checkpoints')
				.values({ entry_id: entry.id, head_hash: entry.hash, signed_at: entry.at + 10, pubkey: attackerPub, signature })
				.execute();
		}
		// Unpinned, the forgery is self-consistent: verify can only say which key it trusted.
		expect(await verifyAuditLog(database.db, null, later)).toMatchObject({ ok: true, pinned: false, trustedKeys: [attackerPub] });
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: false, problem: expect.stringContaining('not by the pinned audit key') });
	});

	it('catches a middle row deleted and the rest renumbered once its checkpoints are gone', async () => {
		rewriteLog((await entries()).filter((entry) => entry.id !== 3));
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: false });
		dropCheckpoints();
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: false, problem: expect.stringContaining('no signed checkpoint covers it') });
	});

	it('catches a tail cut together with the checkpoint that covered it', async () => {
		await recordAudit(database.db, actor, { action: 'chat.message_sent', at: start + 7000 });
		rewriteLog((await entries()).filter((entry) => entry.id < 6));
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: false, problem: expect.stringContaining('cut from the end') });
		dropCheckpoints('entry_id = 6');
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: false, badId: null, problem: expect.stringContaining('entry 5') });
	});

	it('catches an export whose checkpoint lines were removed, all or the last', async () => {
		const lines: string[] = [];
		for await (const line of exportAuditLines(database.db)) lines.push(line);
		const withoutAll = parseAuditJsonl(lines.filter((line) => !line.startsWith('{"checkpoint"')).join('\n'));
		expect(verifyAuditFile(withoutAll, { pinnedPubkey: pinned, now: later })).toMatchObject({ ok: false, problem: expect.stringContaining('no signed checkpoint covers it') });
		const withoutLast = parseAuditJsonl(lines.slice(0, -1).join('\n'));
		expect(verifyAuditFile(withoutLast, { pinnedPubkey: pinned, now: later })).toMatchObject({ ok: false, problem: expect.stringContaining('entry 5') });
		expect(verifyAuditFile(parseAuditJsonl(lines.join('\n')), { pinnedPubkey: pinned, now: later })).toMatchObject({ ok: true });
	});

	it('catches checkpoints whose sequence goes backwards', async () => {
		const checkpoints = await listCheckpoints(database.db);
		const swapped = [checkpoints[0]!, checkpoints[2]!, checkpoints[1]!];
		expect(verifyAuditFile({ entries: await entries(), checkpoints: swapped, complete: true }, { pinnedPubkey: pinned, now: later })).toMatchObject({ ok: false, problem: expect.stringContaining('goes backwards') });
	});

	it('accepts a fresh unsigned tail younger than one checkpoint interval', async () => {
		await recordAudit(database.db, actor, { action: 'test.recent', at: Date.now() });
		expect(await verifyAuditLog(database.db, pinned, Date.now())).toMatchObject({ ok: true, count: 7 });
		expect(await verifyAuditLog(database.db, pinned, Date.now() + AUDIT_CHECKPOINT_MS + 1000)).toMatchObject({ ok: false, problem: expect.stringContaining('entry 7') });
	});
});

describe('audit witness file', () => {
	it('catches history rewritten and re-signed with the console key itself, and a cut tail', async () => {
		const { appendWitnessLine, verifyAgainstWitness } = await import('../../../../src/lib/server/audit/witness-file.ts');
		const { mkdtempSync, readFileSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const { join } = await import('node:path');
		const witness = join(mkdtempSync(join(tmpdir(), 'mm-witness-')), 'witness.jsonl');
		for (const checkpoint of await listCheckpoints(database.db)) appendWitnessLine(witness, checkpoint);
		const witnessed = () => parseAuditJsonl(readFileSync(witness, 'utf8')).checkpoints;
		expect(verifyAgainstWitness(await entries(), witnessed(), pinned)).toMatchObject({ ok: true, witnessed: 3, newest: 6 });
		expect(verifyAgainstWitness((await entries()).slice(0, 5), witnessed(), pinned)).toMatchObject({ ok: false, problem: expect.stringContaining('cut from the end') });

		// Whoever holds the master key can re-sign with the real key: the pinned check passes ...
		const edited = (await entries()).map((entry) => (entry.id === 3 ? { ...entry, details: JSON.stringify({ i: 3, winner: 'seller' }) } : entry));
		rewriteLog(edited);
		dropCheckpoints();
		await signAuditHead(database.db, sealer, start + 10_000);
		expect(await verifyAuditLog(database.db, pinned, later)).toMatchObject({ ok: true });
		// ... but the checkpoints published earlier disagree.
		expect(verifyAgainstWitness(await entries(), witnessed(), pinned)).toMatchObject({ ok: false, problem: expect.stringContaining('entry 4 disagrees') });
		const forged = (await listCheckpoints(database.db))[0]!;
		appendWitnessLine(witness, { ...forged, headHash: '00'.repeat(32) });
		expect(verifyAgainstWitness(await entries(), witnessed().slice(-1), pinned)).toMatchObject({ ok: false, problem: expect.stringContaining('bad signature') });
	});
});
