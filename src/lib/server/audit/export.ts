// Audit export and verification (issue "audit trail you can verify"): entries as JSON lines,
// a typed parser for such a file, and a verdict that names the first entry that was edited,
// dropped, reordered or appended out of chain. A partial export (a time window) is checked
// from its first entry's recorded predecessor. Checkpoints are checked against a pinned key
// when one is given, and removed checkpoint lines show as uncovered entries. Never changes the log.
import type { Db } from '../db/index.ts';
import { GENESIS_HASH, verifyChain, type ChainedEntry, type ChainVerdict } from './hash-chain.ts';
import { toChainedEntry } from './log.ts';
import { listCheckpoints, verifyCheckpoints, type Checkpoint } from './checkpoints.ts';

/** How a file or the live log is checked: the pinned audit key (or null) and the time of the check. */
export interface AuditCheckOptions {
	pinnedPubkey: string | null;
	now?: number;
}

export async function* exportAuditEntries(db: Db, window: { from?: number; to?: number } = {}): AsyncGenerator<ChainedEntry> {
	let afterId = 0;
	for (;;) {
		let query = db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(1000);
		if (window.from !== undefined) query = query.where('at', '>=', window.from);
		if (window.to !== undefined) query = query.where('at', '<=', window.to);
		const rows = await query.execute();
		if (rows.length === 0) return;
		for (const row of rows) yield toChainedEntry(row);
		afterId = rows[rows.length - 1]?.id ?? afterId;
	}
}

/**
 * The export file: every entry as a JSON line, then `{"checkpoint": …}` lines for the signed
 * checkpoints from the first exported entry on (all of them for a full export). An export
 * that stops before the head (`to`) says so in a `{"window": …}` line, and then carries the
 * later checkpoints that cover its last entries.
 */
export async function* exportAuditLines(db: Db, window: { from?: number; to?: number } = {}): AsyncGenerator<string> {
	if (window.to !== undefined) yield JSON.stringify({ window: { from: window.from ?? null, to: window.to } });
	let first: number | null = null;
	for await (const entry of exportAuditEntries(db, window)) {
		first ??= entry.id;
		yield JSON.stringify(entry);
	}
	const windowed = window.from !== undefined || window.to !== undefined;
	for (const checkpoint of await listCheckpoints(db)) {
		if (windowed && (first === null || checkpoint.entryId < first)) continue;
		yield JSON.stringify({ checkpoint });
	}
}

export class AuditFileError extends Error {
	readonly line: number;
	constructor(line: number, message: string) {
		super(`line ${line}: ${message}`);
		this.name = 'AuditFileError';
		this.line = line;
	}
}

function parseEntry(value: unknown, line: number): ChainedEntry {
	if (typeof value !== 'object' || value === null) throw new AuditFileError(line, 'not a JSON object');
	const v = value as Record<string, unknown>;
	const int = (key: string) => {
		if (typeof v[key] !== 'number' || !Number.isSafeInteger(v[key])) throw new AuditFileError(line, `${key} must be an integer`);
		return v[key] as number;
	};
	const text = (key: string) => {
		if (typeof v[key] !== 'string') throw new AuditFileError(line, `${key} must be a string`);
		return v[key] as string;
	};
	return {
		id: int('id'),
		at: int('at'),
		actorUserId: v.actorUserId === null ? null : int('actorUserId'),
		actor: text('actor'),
		action: text('action'),
		subject: v.subject === null ? null : text('subject'),
		details: text('details'),
		prevHash: text('prevHash'),
		hash: text('hash')
	};
}

function parseCheckpoint(value: unknown, line: number): Checkpoint {
	const c = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
	const ok = Number.isSafeInteger(c.entryId) && Number.isSafeInteger(c.signedAt) && [c.headHash, c.pubkey, c.signature].every((v) => typeof v === 'string');
	if (!ok) throw new AuditFileError(line, 'malformed checkpoint');
	return { entryId: c.entryId as number, headHash: c.headHash as string, signedAt: c.signedAt as number, pubkey: c.pubkey as string, signature: c.signature as string };
}

export interface AuditFile {
	entries: ChainedEntry[];
	checkpoints: Checkpoint[];
	/** True unless the file declares that it stops before the head of the log. */
	complete: boolean;
}

export function parseAuditJsonl(text: string): AuditFile {
	const entries: ChainedEntry[] = [];
	const checkpoints: Checkpoint[] = [];
	let complete = true;
	text.split('\n').forEach((raw, index) => {
		const line = raw.trim();
		if (line === '') return;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			throw new AuditFileError(index + 1, 'not valid JSON');
		}
		if (typeof value === 'object' && value !== null && 'checkpoint' in value) checkpoints.push(parseCheckpoint(value.checkpoint, index + 1));
		else if (typeof value === 'object' && value !== null && 'window' in value) complete = false;
		else entries.push(parseEntry(value, index + 1));
	});
	return { entries, checkpoints, complete };
}

export type AuditVerdict = { ok: true; count: number; head: string; checkpoints: number; trustedKeys: string[]; pinned: boolean; complete: boolean } | { ok: false; badId: number | null; problem: string };

/** The chain, then the signed checkpoints (which also catch a cut tail, a foreign key and removed checkpoints). */
export function verifyAuditFile(file: AuditFile, options: AuditCheckOptions): AuditVerdict {
	const chain = verifyExportedEntries(file.entries);
	if (!chain.ok) return chain;
	const signed = verifyCheckpoints(file.entries, file.checkpoints, { pinnedPubkey: options.pinnedPubkey, complete: file.complete, now: options.now ?? Date.now() });
	if (!signed.ok) return { ok: false, badId: null, problem: signed.problem };
	return { ...chain, checkpoints: signed.checked, trustedKeys: signed.trustedKeys, pinned: options.pinnedPubkey !== null, complete: file.complete };
}

/** Verifies entries as exported: from genesis when the first entry is id 1, else from its recorded predecessor. */
export function verifyExportedEntries(entries: ChainedEntry[]): ChainVerdict {
	const first = entries[0];
	if (!first) return { ok: true, count: 0, head: GENESIS_HASH };
	return verifyChain(entries, first.id === 1 ? GENESIS_HASH : first.prevHash);
}
