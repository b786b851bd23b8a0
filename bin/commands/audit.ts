// `mostro-mediator audit export [--from ISO] [--to ISO]` writes the hash-chained audit log as
// JSON lines; `audit verify [file]` checks a file (or the live database) and exits 0 only if
// no entry was edited, dropped, reordered or appended out of chain, no checkpoint is signed by a
// key other than the pinned one (`--pubkey` or MEDIATOR_AUDIT_PUBKEY) and no old entry is left
// unsigned, and (with --witness) the log agrees with the checkpoints in a witness file or
// published on the configured relays, else names the problem. `audit key` prints the console's audit public key.
// Its messages are in the language the command line picked (cli-tool-messages.ts).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openConsoleDatabase, openConsoleSealer } from './database.ts';
import { exportAuditEntries, exportAuditLines, parseAuditJsonl, verifyAuditFile, AuditFileError, type AuditFile } from '../../src/lib/server/audit/export.ts';
import { ensureAuditKey, listCheckpoints, parseAuditPubkey, readAuditPubkey, type Checkpoint } from '../../src/lib/server/audit/checkpoints.ts';
import type { ChainedEntry } from '../../src/lib/server/audit/hash-chain.ts';

import { verifyAgainstWitness } from '../../src/lib/server/audit/witness-file.ts';
import { fetchRelayCheckpoints } from '../../src/lib/server/audit/witness-relays.ts';
import { getNodeConnection } from '../../src/lib/server/mostro/node-connection.ts';
import { RelayPool } from '../../src/lib/server/relays/pool.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import type { Locale } from '../../src/lib/i18n/locales.ts';
import { cliText } from '../cli-messages.ts';

type Witness = { name: string; checkpoints: Checkpoint[] } | { name: string; error: string };

/** Milliseconds, undefined when absent, or null when the text is not a date. */
function parseTime(value: string | undefined): number | undefined | null {
	if (value === undefined) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

function readWitnessFile(path: string, locale: Locale): Witness {
	try {
		return { name: path, checkpoints: parseAuditJsonl(readFileSync(path, 'utf8')).checkpoints };
	} catch (error) {
		return { name: path, error: cliText(locale, 'audit.witness_unreadable', { path, reason: error instanceof Error ? error.message : String(error) }) };
	}
}

/** The checkpoints published on the configured relays by the pinned key (else the database's audit key). */
async function readRelayWitness(db: Db, pinnedPubkey: string | null, locale: Locale): Promise<Witness> {
	const name = cliText(locale, 'audit.the_relays');
	const pubkey = pinnedPubkey ?? (await readAuditPubkey(db));
	if (!pubkey) return { name, error: cliText(locale, 'audit.no_audit_key') };
	const relays = (await getNodeConnection(db, loadConfig())).relays;
	if (relays.length === 0) return { name, error: cliText(locale, 'audit.no_relays') };
	const pool = new RelayPool({ onEvent: () => {} }, { baseMs: 500, maxMs: 2_000 });
	try {
		pool.setRelays(relays);
		const fetched = await fetchRelayCheckpoints(pool, pubkey);
		for (const failure of fetched.failed) console.error(cliText(locale, 'audit.relay_warning', { relay: failure.relay, reason: failure.error }));
		if (fetched.answered.length === 0) return { name, error: cliText(locale, 'audit.no_relay_answered', { relays: relays.join(', ') }) };
		if (fetched.checkpoints.length === 0) return { name, error: cliText(locale, 'audit.no_checkpoint_published', { pubkey, relays: fetched.answered.join(', ') }) };
		return { name: cliText(locale, 'audit.the_relays_answered', { relays: fetched.answered.join(', ') }), checkpoints: fetched.checkpoints };
	} finally {
		pool.stop();
	}
}

function report(file: AuditFile, pinnedPubkey: string | null, source: string, witness: Witness | undefined, locale: Locale): number {
	const verdict = verifyAuditFile(file, { pinnedPubkey });
	if (verdict.ok && witness !== undefined) {
		if ('error' in witness) {
			console.error(cliText(locale, 'audit.failed', { problem: witness.error }));
			return 1;
		}
		const compared = verifyAgainstWitness(file.entries, witness.checkpoints, pinnedPubkey);
		if (!compared.ok) {
			console.error(cliText(locale, 'audit.failed_witness', { source, witness: witness.name, problem: compared.problem }));
			return 1;
		}
		console.log(cliText(locale, 'audit.witness_agrees', { count: compared.witnessed, witness: witness.name, newest: compared.newest }));
	}
	if (verdict.ok) {
		console.log(cliText(locale, 'audit.ok', { count: verdict.count, source, head: verdict.head, checkpoints: verdict.checkpoints }));
		if (verdict.pinned) console.log(cliText(locale, 'audit.pinned', { pubkey: pinnedPubkey ?? '' }));
		else {
			const keys = verdict.trustedKeys.length > 0 ? verdict.trustedKeys.join(', ') : cliText(locale, 'audit.no_keys');
			console.log(cliText(locale, 'audit.unpinned', { source, keys }));
		}
		if (!verdict.complete) console.log(cliText(locale, 'audit.window', { source }));
		return 0;
	}
	console.error(verdict.badId === null ? cliText(locale, 'audit.failed_source', { source, problem: verdict.problem }) : cliText(locale, 'audit.failed_entry', { id: verdict.badId, source, problem: verdict.problem }));
	return 1;
}

export async function auditCommand(args: string[], locale: Locale = 'en'): Promise<number> {
	const usage = cliText(locale, 'audit.usage');
	const [sub, ...rest] = args;
	if (sub === 'key') {
		if (rest.length > 0) {
			console.error(usage);
			return 2;
		}
		const database = await openConsoleDatabase();
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
			console.error(cliText(locale, 'error', { message: cliText(locale, 'audit.bad_time') }));
			return 2;
		}
		const window = { from, to };
		const database = await openConsoleDatabase();
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
			console.error(cliText(locale, 'error', { message: cliText(locale, 'audit.bad_pubkey') }));
			return 2;
		}
		const [file] = positionals;
		if (positionals.length > 1) {
			console.error(usage);
			return 2;
		}
		const witnessFor = async (): Promise<Witness | undefined> => {
			if (values.witness === undefined) return undefined;
			if (values.witness !== 'relays') return readWitnessFile(values.witness, locale);
			const database = await openConsoleDatabase();
			try {
				return await readRelayWitness(database.db, pinned, locale);
			} finally {
				await database.close();
			}
		};
		if (file) {
			try {
				const parsed = parseAuditJsonl(readFileSync(file, 'utf8'));
				return report(parsed, pinned, file, await witnessFor(), locale);
			} catch (error) {
				if (error instanceof AuditFileError) {
					console.error(cliText(locale, 'audit.failed_file', { file, problem: error.message }));
					return 1;
				}
				throw error;
			}
		}
		const database = await openConsoleDatabase();
		try {
			const entries: ChainedEntry[] = [];
			for await (const entry of exportAuditEntries(database.db)) entries.push(entry);
			const checkpoints = await listCheckpoints(database.db);
			const witness = values.witness === 'relays' ? await readRelayWitness(database.db, pinned, locale) : values.witness === undefined ? undefined : readWitnessFile(values.witness, locale);
			return report({ entries, checkpoints, complete: true }, pinned, cliText(locale, 'audit.the_database'), witness, locale);
		} finally {
			await database.close();
		}
	}
	console.error(usage);
	return 2;
}
