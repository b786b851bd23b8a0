// `mostro-mediator audit export [--from ISO] [--to ISO]` writes the hash-chained audit log as
// JSON lines; `audit verify [file]` checks a file (or the live database) and exits 0 only if
// no entry was edited, dropped, reordered or appended out of chain, no checkpoint is signed by a
// key other than the pinned one (`--pubkey` or MEDIATOR_AUDIT_PUBKEY) and no old entry is left
// unsigned, else names the problem. `audit key` prints the console's audit public key.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openConsoleDatabase, openConsoleSealer } from './database.ts';
import { exportAuditEntries, exportAuditLines, parseAuditJsonl, verifyAuditFile, AuditFileError, type AuditFile } from '../../src/lib/server/audit/export.ts';
import { ensureAuditKey, listCheckpoints, parseAuditPubkey } from '../../src/lib/server/audit/checkpoints.ts';
import type { ChainedEntry } from '../../src/lib/server/audit/hash-chain.ts';

import { verifyAgainstWitness } from '../../src/lib/server/audit/witness-file.ts';

const USAGE = 'usage: audit key | audit export [--from <time>] [--to <time>] | audit verify [<file.jsonl>] [--pubkey <hex>] [--witness <file>]';

/** Milliseconds, undefined when absent, or null when the text is not a date. */
function parseTime(value: string | undefined): number | undefined | null {
	if (value === undefined) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

function report(file: AuditFile, pinnedPubkey: string | null, source: string, witnessPath: string | undefined): number {
	const verdict = verifyAuditFile(file, { pinnedPubkey });
	if (verdict.ok && witnessPath !== undefined) {
		let text: string;
		try {
			text = readFileSync(witnessPath, 'utf8');
		} catch (error) {
			console.error(`FAILED: cannot read the witness ${witnessPath} (${error instanceof Error ? error.message : String(error)}).`);
			return 1;
		}
		const witness = verifyAgainstWitness(file.entries, parseAuditJsonl(text).checkpoints, pinnedPubkey);
		if (!witness.ok) {
			console.error(`FAILED: ${source} against the witness ${witnessPath}: ${witness.problem}.`);
			return 1;
		}
		console.log(`The log agrees with all ${witness.witnessed} checkpoints in the witness ${witnessPath} and reaches the newest (entry ${witness.newest}).`);
	}
	if (verdict.ok) {
		console.log(`OK: ${verdict.count} entries in ${source} form an unbroken chain (head ${verdict.head}); ${verdict.checkpoints} signed checkpoints match.`);
		if (verdict.pinned) console.log(`Checkpoints are signed by the pinned audit key ${pinnedPubkey}.`);
		else {
			const keys = verdict.trustedKeys.length > 0 ? verdict.trustedKeys.join(', ') : 'none';
			console.log(`WARNING: no audit key pinned: this trusts the key found in ${source} (${keys}), which whoever can write it could have replaced. Pin the key with --pubkey <hex> or MEDIATOR_AUDIT_PUBKEY.`);
		}
		if (!verdict.complete) console.log(`Note: ${source} is a window that stops before the head of the log; later entries are not in it.`);
		return 0;
	}
	console.error(verdict.badId === null ? `FAILED: ${source}: ${verdict.problem}.` : `FAILED: entry ${verdict.badId} in ${source}: ${verdict.problem}.`);
	return 1;
}

export async function auditCommand(args: string[]): Promise<number> {
	const [sub, ...rest] = args;
	if (sub === 'key') {
		if (rest.length > 0) {
			console.error(USAGE);
			return 2;
		}
		const database = openConsoleDatabase();
		try {
			console.log((await ensureAuditKey(database.db, openConsoleSealer())).pubkey);
			return 0;
		} finally {
			await database.close();
		}
	}
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
		const { values, positionals } = parseArgs({ args: rest, options: { pubkey: { type: 'string' }, witness: { type: 'string' } }, allowPositionals: true, strict: true });
		const pinnedText = values.pubkey ?? process.env.MEDIATOR_AUDIT_PUBKEY;
		const pinned = pinnedText === undefined || pinnedText.trim() === '' ? null : parseAuditPubkey(pinnedText);
		if (pinnedText !== undefined && pinnedText.trim() !== '' && pinned === null) {
			console.error('error: --pubkey (or MEDIATOR_AUDIT_PUBKEY) must be the 64-hex-character audit key printed by `audit key`');
			return 2;
		}
		const [file] = positionals;
		if (values.witness === 'relays') {
			console.error('error: --witness relays is not available yet; pass the witness file written through MEDIATOR_AUDIT_WITNESS_FILE');
			return 2;
		}
		if (positionals.length > 1) {
			console.error(USAGE);
			return 2;
		}
		if (file) {
			try {
				return report(parseAuditJsonl(readFileSync(file, 'utf8')), pinned, file, values.witness);
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
			return report({ entries, checkpoints: await listCheckpoints(database.db), complete: true }, pinned, 'the database', values.witness);
		} finally {
			await database.close();
		}
	}
	console.error(USAGE);
	return 2;
}
