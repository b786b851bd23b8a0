// Audit export and verification (issue "audit trail you can verify"): entries as JSON lines,
// a typed parser for such a file, and a verdict that names the first entry that was edited,
// dropped, reordered or appended out of chain. A partial export (a time window) is checked
// from its first entry's recorded predecessor. Never changes the log.
import type { Db } from '../db/index.ts';
import { GENESIS_HASH, verifyChain, type ChainedEntry, type ChainVerdict } from './hash-chain.ts';
import { toChainedEntry } from './log.ts';

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

export function parseAuditJsonl(text: string): ChainedEntry[] {
	return text
		.split('\n')
		.map((line, index) => ({ line: line.trim(), number: index + 1 }))
		.filter(({ line }) => line !== '')
		.map(({ line, number }) => {
			let value: unknown;
			try {
				value = JSON.parse(line);
			} catch {
				throw new AuditFileError(number, 'not valid JSON');
			}
			return parseEntry(value, number);
		});
}

/** Verifies entries as exported: from genesis when the first entry is id 1, else from its recorded predecessor. */
export function verifyExportedEntries(entries: ChainedEntry[]): ChainVerdict {
	const first = entries[0];
	if (!first) return { ok: true, count: 0, head: GENESIS_HASH };
	return verifyChain(entries, first.id === 1 ? GENESIS_HASH : first.prevHash);
}
