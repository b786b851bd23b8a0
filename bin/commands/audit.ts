// `mostro-mediator audit export [--from ISO] [--to ISO]` writes the hash-chained audit log as
// JSON lines; `audit verify [file]` checks a file (or the live database) and exits 0 only if
// no entry was edited, dropped, reordered or appended out of chain, no checkpoint is signed by a
// key other than the pinned one (`--pubkey` or MEDIATOR_AUDIT_PUBKEY) and no old entry is left
// unsigned, and (with --witness) the log agrees with the checkpoints in a witness file or
// published on the configured relays, else names the problem. `audit key` prints the console's audit public key.
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

const USAGE = 'usage: audit key | audit export [--from <time>] [--to <time>] | audit verify [<file.jsonl>] [--pubkey <hex>] [--witness relays|<file>]';

type Witness = { name: string; checkpoints: Checkpoint[] } | { name: string; error: string };

/** Milliseconds, undefined when absent, or null when the text is not a date. */
function parseTime(value: string | undefined): number | undefined | null {
	if (value === undefined) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

function readWitnessFile(path: string): Witness {
	try {
		return { name: path, checkpoints: parseAuditJsonl(readFileSync(path, 'utf8')).checkpoints };
	} catch (error) {
		return { name: path, error: `cannot read the witness ${path} (${error instanceof Error ? error.message : String(error)})` };
	}
}

/** The checkpoints published on the configured relays by the pinned key (else the database's audit key). */
async function readRelayWitness(db: Db, pinnedPubkey: string | null): Promise<Witness> {
	const name = 'the relays';
	const pubkey = pinnedPubkey ?? (await readAuditPubkey(db));
	if (!pubkey) return { name, error: 'the database holds no audit key and none is pinned (--pubkey)' };
	const relays = (await getNodeConnection(db, loadConfig())).relays;
	if (relays.length === 0) return { name, error: 'no relays are configured (Settings or MOSTRO_RELAYS)' };
	const pool = new RelayPool({ onEvent: () => {} }, { baseMs: 500, maxMs: 2_000 });
	try {
		pool.setRelays(relays);
		const fetched = await fetchRelayCheckpoints(pool, pubkey);
		for (const failure of fetched.failed) console.error(`warning: ${failure.relay}: ${failure.error}`);
		if (fetched.answered.length === 0) return { name, error: `none of the relays answered (${relays.join(', ')})` };
		if (fetched.checkpoints.length === 0) return { name, error: `no checkpoint signed by ${pubkey} is published on ${fetched.answered.join(', ')}` };
		return { name: `the relays (${fetched.answered.join(', ')})`, checkpoints: fetched.checkpoints };
	} finally {
		pool.stop();
	}
}

function report(file: AuditFile, pinnedPubkey: string | null, source: string, witness: Witness | undefined): number {
	const verdict = verifyAuditFile(file, { pinnedPubkey });
	if (verdict.ok && witness !== undefined) {
		if ('error' in witness) {
			console.error(`FAILED: ${witness.error}.`);
			return 1;
		}
		const compared = verifyAgainstWitness(file.entries, witness.checkpoints, pinnedPubkey);
		if (!compared.ok) {
			console.error(`FAILED: ${source} against the witness ${witness.name}: ${compared.problem}.`);
			return 1;
		}
		console.log(`The log agrees with all ${compared.witnessed} checkpoints in the witness ${witness.name} and reaches the newest (entry ${compared.newest}).`);
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
			console.error('error: --from and --to take a date or time such as 2026-11-01 or 2026-11-01T12:00:00Z');
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
			console.error('error: --pubkey (or MEDIATOR_AUDIT_PUBKEY) must be the 64-hex-character audit key printed by `audit key`');
			return 2;
		}
		const [file] = positionals;
		if (positionals.length > 1) {
			console.error(USAGE);
			return 2;
		}
		const witnessFor = async (): Promise<Witness | undefined> => {
			if (values.witness === undefined) return undefined;
			if (values.witness !== 'relays') return readWitnessFile(values.witness);
			const database = await openConsoleDatabase();
			try {
				return await readRelayWitness(database.db, pinned);
			} finally {
				await database.close();
			}
		};
		if (file) {
			try {
				const parsed = parseAuditJsonl(readFileSync(file, 'utf8'));
				return report(parsed, pinned, file, await witnessFor());
			} catch (error) {
				if (error instanceof AuditFileError) {
					console.error(`FAILED: ${file} ${error.message}`);
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
			const witness = values.witness === 'relays' ? await readRelayWitness(database.db, pinned) : values.witness === undefined ? undefined : readWitnessFile(values.witness);
			return report({ entries, checkpoints, complete: true }, pinned, 'the database', witness);
		} finally {
			await database.close();
		}
	}
	console.error(USAGE);
	return 2;
}
