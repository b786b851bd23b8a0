// `mostro-mediator audit export [--from ISO] [--to ISO]` writes the hash-chained audit log as
// JSON lines; `audit verify [file]` checks a file (or the live database) and exits 0 only if
// no entry was edited, dropped, reordered or appended out of chain, else names the first bad one.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openConsoleDatabase } from './database.ts';
import { exportAuditEntries, exportAuditLines, parseAuditJsonl, verifyAuditFile, AuditFileError } from '../../src/lib/server/audit/export.ts';
import { listCheckpoints, type Checkpoint } from '../../src/lib/server/audit/checkpoints.ts';
import type { ChainedEntry } from '../../src/lib/server/audit/hash-chain.ts';

/** Milliseconds, undefined when absent, or null when the text is not a date. */
function parseTime(value: string | undefined): number | undefined | null {
	if (value === undefined) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

function report(entries: ChainedEntry[], checkpoints: Checkpoint[], source: string): number {
	const verdict = verifyAuditFile(entries, checkpoints);
	if (verdict.ok) {
		console.log(`OK: ${verdict.count} entries in ${source} form an unbroken chain (head ${verdict.head}); ${verdict.checkpoints} signed checkpoints match.`);
		return 0;
	}
	console.error(verdict.badId === null ? `FAILED: ${source}: ${verdict.problem}.` : `FAILED: entry ${verdict.badId} in ${source}: ${verdict.problem}.`);
	return 1;
}

export async function auditCommand(args: string[]): Promise<number> {
	const [sub, ...rest] = args;
	if (sub === 'export') {
		const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
		const from = parseTime(values.from);
		const to = parseTime(values.to);
		if (from === null || to === null) {
			console.error('error: --from and --to take a date or time such as 2026-11-01 or 2026-11-01T12:00:00Z');
			return 2;
		}
		const window = { from, to };
		const database = openConsoleDatabase();
		try {
			for await (const line of exportAuditLines(database.db, window)) process.stdout.write(line + '\n');
			return 0;
		} finally {
			await database.close();
		}
	}
	if (sub === 'verify') {
		const [file] = rest;
		if (file) {
			try {
				const parsed = parseAuditJsonl(readFileSync(file, 'utf8'));
				return report(parsed.entries, parsed.checkpoints, file);
			} catch (error) {
				if (error instanceof AuditFileError) {
					console.error(`FAILED: ${file} ${error.message}`);
					return 1;
				}
				throw error;
			}
		}
		const database = openConsoleDatabase();
		try {
			const entries: ChainedEntry[] = [];
			for await (const entry of exportAuditEntries(database.db)) entries.push(entry);
			return report(entries, await listCheckpoints(database.db), 'the database');
		} finally {
			await database.close();
		}
	}
	console.error('usage: audit export [--from <time>] [--to <time>] | audit verify [<file.jsonl>]');
	return 2;
}
