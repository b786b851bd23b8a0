// Signed checkpoints of the audit chain (issue "audit trail you can verify"): the console's
// own key (sealed in the vault, created on first use) signs `[entry id, head hash, time]` of
// the newest entry, periodically. A verifier then knows the log reached at least that entry
// with that hash, so a truncated tail is detected. Never signs anything else; never logs keys.
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { ChainedEntry } from './hash-chain.ts';

export interface Checkpoint {
	entryId: number;
	headHash: string;
	signedAt: number;
	pubkey: string;
	signature: string;
}

const PURPOSE = 'console-key';

export function checkpointDigest(entryId: number, headHash: string, signedAt: number): Uint8Array {
	return sha256(new TextEncoder().encode(JSON.stringify(['mostro-mediator audit checkpoint', entryId, headHash, signedAt])));
}

export function isCheckpointSignatureValid(checkpoint: Checkpoint): boolean {
	try {
		return schnorr.verify(hexToBytes(checkpoint.signature), checkpointDigest(checkpoint.entryId, checkpoint.headHash, checkpoint.signedAt), hexToBytes(checkpoint.pubkey));
	} catch {
		return false;
	}
}

async function consoleSecret(db: Db, sealer: Sealer): Promise<{ pubkey: string; secret: Uint8Array }> {
	const row = await db.selectFrom('console_key').selectAll().executeTakeFirst();
	if (row) return { pubkey: row.pubkey, secret: sealer.open(row.secret_sealed, PURPOSE) };
	const secret = new Uint8Array(randomBytes(32));
	const pubkey = bytesToHex(schnorr.getPublicKey(secret));
	await db.insertInto('console_key').values({ id: 1, pubkey, secret_sealed: sealer.seal(secret, PURPOSE), created_at: Date.now() }).onConflict((oc) => oc.column('id').doNothing()).execute();
	const stored = await db.selectFrom('console_key').selectAll().executeTakeFirstOrThrow();
	if (stored.pubkey !== pubkey) {
		secret.fill(0);
		return { pubkey: stored.pubkey, secret: sealer.open(stored.secret_sealed, PURPOSE) };
	}
	return { pubkey, secret };
}

/** Signs the current head unless the newest checkpoint already covers it; returns what it signed. */
export async function signAuditHead(db: Db, sealer: Sealer, now = Date.now()): Promise<Checkpoint | null> {
	const head = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
	if (!head) return null;
	const last = await db.selectFrom('audit_checkpoints').select('entry_id').orderBy('id', 'desc').limit(1).executeTakeFirst();
	if (last && last.entry_id >= head.id) return null;
	const key = await consoleSecret(db, sealer);
	try {
		const signature = bytesToHex(schnorr.sign(checkpointDigest(head.id, head.hash, now), key.secret));
		const checkpoint = { entryId: head.id, headHash: head.hash, signedAt: now, pubkey: key.pubkey, signature };
		await db.insertInto('audit_checkpoints').values({ entry_id: head.id, head_hash: head.hash, signed_at: now, pubkey: key.pubkey, signature }).execute();
		return checkpoint;
	} finally {
		key.secret.fill(0);
	}
}

export async function listCheckpoints(db: Db): Promise<Checkpoint[]> {
	const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
	return rows.map((row) => ({ entryId: row.entry_id, headHash: row.head_hash, signedAt: row.signed_at, pubkey: row.pubkey, signature: row.signature }));
}

export type CheckpointVerdict = { ok: true; checked: number } | { ok: false; problem: string };

/**
 * Checks checkpoints against entries: every signature, every covered entry present with the
 * signed hash, and — for a complete log — no checkpoint beyond the last entry (a cut tail).
 */
export function verifyCheckpoints(entries: readonly ChainedEntry[], checkpoints: readonly Checkpoint[], complete: boolean): CheckpointVerdict {
	const byId = new Map(entries.map((entry) => [entry.id, entry]));
	const first = entries[0]?.id ?? 0;
	const last = entries[entries.length - 1]?.id ?? 0;
	let checked = 0;
	for (const checkpoint of checkpoints) {
		if (!isCheckpointSignatureValid(checkpoint)) return { ok: false, problem: `checkpoint for entry ${checkpoint.entryId} has a bad signature` };
		if (checkpoint.entryId > last) {
			if (complete) return { ok: false, problem: `a signed checkpoint covers entry ${checkpoint.entryId} but the log ends at ${last}: entries were cut from the end` };
			continue;
		}
		if (checkpoint.entryId < first) continue;
		const entry = byId.get(checkpoint.entryId);
		if (!entry) return { ok: false, problem: `entry ${checkpoint.entryId} signed in a checkpoint is missing` };
		if (entry.hash !== checkpoint.headHash) return { ok: false, problem: `entry ${checkpoint.entryId} does not match its signed checkpoint` };
		checked += 1;
	}
	return { ok: true, checked };
}
