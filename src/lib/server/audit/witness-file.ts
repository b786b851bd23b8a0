// The audit witness file (issue 14 §1): every signed checkpoint is appended as a JSON line to
// MEDIATOR_AUDIT_WITNESS_FILE, a path meant to live outside the data directory (another disk,
// an append-only mount, a synced folder), and `audit verify --witness <file>` checks the local
// log against it. The file holds only checkpoints (entry id, head hash, time, key, signature),
// never entries or secrets. Never rewrites the file, only appends.
import { appendFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { isCheckpointSignatureValid, type Checkpoint } from './checkpoints.ts';
import type { ChainedEntry } from './hash-chain.ts';

/** The configured witness file (environment only), resolved; null when unset. */
export function witnessFileFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
	const value = env.MEDIATOR_AUDIT_WITNESS_FILE?.trim();
	return value ? resolve(cwd, value) : null;
}

/** True when the witness file sits inside the data directory, where it witnesses nothing. */
export function isInside(dir: string, file: string): boolean {
	const rel = relative(resolve(dir), resolve(file));
	return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function appendWitnessLine(path: string, checkpoint: Checkpoint): void {
	appendFileSync(path, JSON.stringify({ checkpoint }) + '\n', { mode: 0o600 });
}

export type WitnessVerdict = { ok: true; witnessed: number; newest: number } | { ok: false; problem: string };

/**
 * The local entries against published checkpoints: each one (validly signed, by the pinned
 * key when given) must name an entry present with the same hash, and the log must reach the
 * newest of them.
 */
export function verifyAgainstWitness(entries: readonly ChainedEntry[], witnessed: readonly Checkpoint[], pinnedPubkey: string | null): WitnessVerdict {
	const byId = new Map(entries.map((entry) => [entry.id, entry]));
	const last = entries[entries.length - 1]?.id ?? 0;
	let newest = 0;
	for (const checkpoint of witnessed) {
		if (pinnedPubkey !== null && checkpoint.pubkey.toLowerCase() !== pinnedPubkey) continue;
		if (!isCheckpointSignatureValid(checkpoint)) return { ok: false, problem: `the witness holds a checkpoint for entry ${checkpoint.entryId} with a bad signature` };
		newest = Math.max(newest, checkpoint.entryId);
		if (checkpoint.entryId > last) continue;
		const entry = byId.get(checkpoint.entryId);
		if (!entry || entry.hash !== checkpoint.headHash) return { ok: false, problem: `entry ${checkpoint.entryId} disagrees with the checkpoint published for it: history was rewritten` };
	}
	if (newest > last) return { ok: false, problem: `a published checkpoint covers entry ${newest} but the log ends at ${last}: entries were cut from the end` };
	return { ok: true, witnessed: witnessed.length, newest };
}
