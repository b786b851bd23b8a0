// Signed checkpoints of the audit chain (issue "audit trail you can verify"): the console's
// own key (sealed in the vault, created on first use) signs `[entry id, head hash, time]` of
// the newest entry, every minute when the log grew and at once after money or access moves.
// A verifier then knows the log reached at least that entry with that hash, so a truncated
// tail is detected; pinning the key (issue 14 §1) stops a re-signed history. Never signs
// anything else; never logs keys.
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

/** How often the audit chain's head is signed when the log grew; verify allows this much unsigned tail. */
export const AUDIT_CHECKPOINT_MS = 60 * 1000;

/** A 32-byte x-only public key as 64 lowercase hex characters, or null. */
export function parseAuditPubkey(value: unknown): string | null {
	return typeof value === 'string' && /^[0-9a-f]{64}$/i.test(value.trim()) ? value.trim().toLowerCase() : null;
}

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

/** The console's audit public key, creating the key pair on first use (`created` then). */
export async function ensureAuditKey(db: Db, sealer: Sealer): Promise<{ pubkey: string; created: boolean }> {
	const existing = await readAuditPubkey(db);
	if (existing) return { pubkey: existing, created: false };
	const key = await consoleSecret(db, sealer);
	key.secret.fill(0);
	return { pubkey: key.pubkey, created: true };
}

/** The audit public key if one was created, without touching the sealed secret. */
export async function readAuditPubkey(db: Db): Promise<string | null> {
	const row = await db.selectFrom('console_key').select('pubkey').executeTakeFirst();
	return row?.pubkey ?? null;
}

async function consoleSecret(db: Db, sealer: Sealer): Promise<{ pubkey: string; secret: Uint8Array }> {
	const row = await db.selectFrom('console_key').selectAll().executeTakeFirst();
	if (row) return { pubkey: row.pubkey, secret: sealer.open(row.secret_sealed, PURPOSE) };
	const secret = new Uint8Array(randomBytes(32));
	const pubkey = bytesToHex(schnorr.getPublicKey(secret));
	await db
		.insertInto('console_key')
		.values({ id: 1, pubkey, secret_sealed: sealer.seal(secret, PURPOSE), created_at: Date.now() })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	const stored = await db.selectFrom('console_key').selectAll().executeTakeFirstOrThrow();
	if (stored.pubkey !== pubkey) {
		secret.fill(0);
		return { pubkey: stored.pubkey, secret: sealer.open(stored.secret_sealed, PURPOSE) };
	}
	return { pubkey, secret };
}

/** Runs `use` with the audit secret key, wiped afterwards (signing the Nostr witness events). */
export async function withAuditSecret<T>(db: Db, sealer: Sealer, use: (secret: Uint8Array) => T): Promise<T> {
	const key = await consoleSecret(db, sealer);
	try {
		return use(key.secret);
	} finally {
		key.secret.fill(0);
	}
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

/** The newest checkpoint, or null before the first one. */
export async function newestCheckpoint(db: Db): Promise<Checkpoint | null> {
	const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
	return row ? { entryId: row.entry_id, headHash: row.head_hash, signedAt: row.signed_at, pubkey: row.pubkey, signature: row.signature } : null;
}

export async function listCheckpoints(db: Db): Promise<Checkpoint[]> {
	const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
	return rows.map((row) => ({ entryId: row.entry_id, headHash: row.head_hash, signedAt: row.signed_at, pubkey: row.pubkey, signature: row.signature }));
}

export type CheckpointVerdict = { ok: true; checked: number; trustedKeys: string[] } | { ok: false; problem: string };

export interface CheckpointCheck {
	/** Checkpoints signed by any other key are refused; null trusts whatever key the checkpoints name. */
	pinnedPubkey: string | null;
	/** True when the entries run to the head of the log (not a `--to` window). */
	complete: boolean;
	/** When the check runs; entries older than one interval must be covered by a checkpoint. */
	now: number;
	intervalMs?: number;
}

/**
 * Checks checkpoints against entries: each signed by the pinned key (when given) with a valid
 * signature, in order with coverage never going backwards, every covered entry present with
 * the signed hash, no checkpoint beyond the last entry of a complete log (a cut tail), and no
 * entry older than one checkpoint interval left uncovered (deleted checkpoints or lines).
 */
export function verifyCheckpoints(entries: readonly ChainedEntry[], checkpoints: readonly Checkpoint[], check: CheckpointCheck): CheckpointVerdict {
	const byId = new Map(entries.map((entry) => [entry.id, entry]));
	const first = entries[0]?.id ?? 0;
	const last = entries[entries.length - 1]?.id ?? 0;
	const keys = new Set<string>();
	let checked = 0;
	let previous: Checkpoint | null = null;
	let covered = 0;
	for (const checkpoint of checkpoints) {
		if (check.pinnedPubkey !== null && checkpoint.pubkey.toLowerCase() !== check.pinnedPubkey) {
			return { ok: false, problem: `checkpoint for entry ${checkpoint.entryId} is signed by ${checkpoint.pubkey}, not by the pinned audit key ${check.pinnedPubkey}` };
		}
		if (!isCheckpointSignatureValid(checkpoint)) return { ok: false, problem: `checkpoint for entry ${checkpoint.entryId} has a bad signature` };
		if (previous && (checkpoint.entryId <= previous.entryId || checkpoint.signedAt < previous.signedAt)) {
			return { ok: false, problem: `checkpoint for entry ${checkpoint.entryId} goes backwards after the one for entry ${previous.entryId}` };
		}
		previous = checkpoint;
		keys.add(checkpoint.pubkey);
		covered = Math.max(covered, checkpoint.entryId);
		if (checkpoint.entryId > last) {
			if (check.complete) return { ok: false, problem: `a signed checkpoint covers entry ${checkpoint.entryId} but the log ends at ${last}: entries were cut from the end` };
			continue;
		}
		if (checkpoint.entryId < first) continue;
		const entry = byId.get(checkpoint.entryId);
		if (!entry) return { ok: false, problem: `entry ${checkpoint.entryId} signed in a checkpoint is missing` };
		if (entry.hash !== checkpoint.headHash) return { ok: false, problem: `entry ${checkpoint.entryId} does not match its signed checkpoint` };
		checked += 1;
	}
	const limit = check.now - (check.intervalMs ?? AUDIT_CHECKPOINT_MS);
	const uncovered = entries.find((entry) => entry.id > covered && entry.at < limit);
	if (uncovered) {
		return { ok: false, problem: `entry ${uncovered.id} is older than one checkpoint interval but no signed checkpoint covers it (checkpoints were removed, or entries were appended outside the console)` };
	}
	return { ok: true, checked, trustedKeys: [...keys] };
}
