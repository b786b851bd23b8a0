// Issue 14 §1, the witness outside the box: checkpoints published to a real relay (sim/relay)
// as signed kind 3383 events, read back, and `audit verify --witness relays` passing on the
// honest log and failing after a cut tail or a history rewritten and re-signed with the
// console's own key (what someone holding the whole data directory can do).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { openDatabase, type OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { loadMasterKey } from '../../../../src/lib/server/vault/master-key.ts';
import { createSealer, type Sealer } from '../../../../src/lib/server/vault/seal.ts';
import { RelayPool } from '../../../../src/lib/server/relays/pool.ts';
import { listCheckpoints, readAuditPubkey, signAuditHead } from '../../../../src/lib/server/audit/checkpoints.ts';
import { recordAudit, toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { GENESIS_HASH, hashEntry } from '../../../../src/lib/server/audit/hash-chain.ts';
import { AUDIT_CHECKPOINT_KIND, fetchRelayCheckpoints, publishCheckpoint } from '../../../../src/lib/server/audit/witness-relays.ts';
import { setCheckpointPublishing } from '../../../../src/lib/server/audit/publish-setting.ts';
import { verifyAgainstWitness } from '../../../../src/lib/server/audit/witness-file.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let relay: RunningRelay;
let pool: RelayPool;
const actor = systemActor('system');

/** Runs the command line without blocking this process, which also runs the relay. */
function cli(dataDir: string, relays: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
	const env: NodeJS.ProcessEnv = { ...process.env, MEDIATOR_DATA_DIR: dataDir, MOSTRO_PUBKEY: 'ab'.repeat(32), MOSTRO_RELAYS: relays };
	delete env.MEDIATOR_AUDIT_PUBKEY;
	// This test tampers with the SQLite file in the data directory: the CLI must open that one, also under test:pg.
	delete env.MEDIATOR_DATABASE_URL;
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['bin/mostro-mediator.mjs', ...args], { env, timeout: 30_000 });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}

/** A data directory with three user changes, each checkpointed by the command line. */
async function freshDataDir(): Promise<string> {
	const dataDir = mkdtempSync(join(tmpdir(), 'mm-witness-'));
	for (const name of ['alice', 'bob', 'carol']) expect((await cli(dataDir, relay.url, 'user', 'add', '--name', name, '--role', 'mediator')).status).toBe(0);
	return dataDir;
}

function open(dataDir: string): { database: OpenDatabase; sealer: Sealer } {
	return { database: openDatabase(join(dataDir, 'mediator.sqlite'), readMigrationsFromDisk()), sealer: createSealer(loadMasterKey(dataDir, null).key) };
}

/** Publishes every stored checkpoint to the relay, as the running console does after each signature. */
async function publishAll(dataDir: string): Promise<void> {
	const { database, sealer } = open(dataDir);
	try {
		for (const checkpoint of await listCheckpoints(database.db)) {
			const receipts = await publishCheckpoint(database.db, sealer, pool, checkpoint);
			expect(receipts).toEqual([expect.objectContaining({ relay: relay.url, accepted: true })]);
		}
	} finally {
		await database.close();
	}
}

beforeAll(async () => {
	relay = await startRelay();
	pool = new RelayPool({ onEvent: () => {} });
	pool.setRelays([relay.url]);
});
afterAll(async () => {
	pool.stop();
	await relay.stop();
});

describe('audit checkpoints witnessed on the relays', () => {
	it('publishes each checkpoint as a signed regular event with count and head tags, and reads it back', async () => {
		const dataDir = await freshDataDir();
		await publishAll(dataDir);
		const { database } = open(dataDir);
		try {
			const local = await listCheckpoints(database.db);
			const pubkey = (await readAuditPubkey(database.db))!;
			// Checkpoints signed within one second share created_at, so the relay's newest-first order
			// does not tell them apart: the newest is the one with the highest count.
			const [raw] = await pool.query([{ kinds: [AUDIT_CHECKPOINT_KIND], authors: [pubkey] }], 5_000);
			const countOf = (e: { tags: string[][] }) => Number(e.tags.find((t) => t[0] === 'count')?.[1] ?? -1);
			const event = (raw!.events as Array<{ kind: number; pubkey: string; tags: string[][] }>).reduce((a, b) => (countOf(b) > countOf(a) ? b : a));
			expect(event.kind).toBe(3383);
			expect(event.pubkey).toBe(pubkey);
			expect(event.tags).toEqual(
				expect.arrayContaining([
					['count', String(local.at(-1)!.entryId)],
					['head', local.at(-1)!.headHash]
				])
			);
			const fetched = await fetchRelayCheckpoints(pool, pubkey, 5_000);
			expect(fetched.answered).toEqual([relay.url]);
			expect(fetched.checkpoints).toEqual(local);
			// Someone else's events of the same kind are not taken for the console's.
			expect((await fetchRelayCheckpoints(pool, 'cd'.repeat(32), 5_000)).checkpoints).toEqual([]);
		} finally {
			await database.close();
		}
	});

	it('publishes nothing once an operator turns publishing off, and audits the change', async () => {
		const dataDir = await freshDataDir();
		const { database, sealer } = open(dataDir);
		try {
			await setCheckpointPublishing(database, systemActor('cli'), null, { publish: false });
			const changed = await database.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
			expect(changed).toMatchObject({ action: 'settings.changed', subject: 'settings:audit_publishing' });
			const checkpoint = (await signAuditHead(database.db, sealer))!;
			const before = relay.eventCount();
			expect(await publishCheckpoint(database.db, sealer, pool, checkpoint)).toBeNull();
			expect(relay.eventCount()).toBe(before);
		} finally {
			await database.close();
		}
	});

	it('verify --witness relays passes on the honest log and fails once the tail is cut', async () => {
		const dataDir = await freshDataDir();
		await publishAll(dataDir);
		const honest = await cli(dataDir, relay.url, 'audit', 'verify', '--witness', 'relays');
		expect(honest.stderr).toBe('');
		expect(honest).toMatchObject({ status: 0, stdout: expect.stringContaining('agrees with all 3 checkpoints in the witness the relays') });
		const { database } = open(dataDir);
		database.raw.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoints_no_delete; DELETE FROM audit_log WHERE id = 3; DELETE FROM audit_checkpoints WHERE entry_id = 3;');
		await database.close();
		// The local log alone still looks whole; the relays remember entry 3.
		expect((await cli(dataDir, relay.url, 'audit', 'verify')).status).toBe(0);
		expect(await cli(dataDir, relay.url, 'audit', 'verify', '--witness', 'relays')).toMatchObject({ status: 1, stderr: expect.stringContaining('entries were cut from the end') });
	});

	it('verify --witness relays fails on a history rewritten and re-signed with the console key', async () => {
		const dataDir = await freshDataDir();
		await publishAll(dataDir);
		const { database, sealer } = open(dataDir);
		const rows = (await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(toChainedEntry);
		database.raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoints_no_delete; DELETE FROM audit_log; DELETE FROM audit_checkpoints;');
		let prevHash = GENESIS_HASH;
		const insert = database.raw.prepare('INSERT INTO audit_log (id, at, actor_user_id, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
		for (const row of rows) {
			const entry = { ...row, details: row.id === 2 ? row.details.replace('bob', 'eve') : row.details, prevHash };
			const hash = hashEntry(entry);
			insert.run(entry.id, entry.at, entry.actorUserId, entry.actor, entry.action, entry.subject, entry.details, prevHash, hash);
			prevHash = hash;
		}
		await signAuditHead(database.db, sealer);
		await recordAudit(database.db, actor, { action: 'test.after_rewrite' });
		await signAuditHead(database.db, sealer);
		await database.close();
		const pubkey = (await cli(dataDir, relay.url, 'audit', 'key')).stdout.trim();
		// Signed by the real key, so even the pinned local check passes; the relays do not agree.
		expect((await cli(dataDir, relay.url, 'audit', 'verify', '--pubkey', pubkey)).status).toBe(0);
		expect(await cli(dataDir, relay.url, 'audit', 'verify', '--pubkey', pubkey, '--witness', 'relays')).toMatchObject({ status: 1, stderr: expect.stringContaining('history was rewritten') });
	});

	it('fails when no relay answers or none holds a checkpoint', async () => {
		const dataDir = await freshDataDir();
		expect(await cli(dataDir, relay.url, 'audit', 'verify', '--witness', 'relays')).toMatchObject({ status: 1, stderr: expect.stringContaining('no checkpoint signed by') });
		expect(await cli(dataDir, 'ws://127.0.0.1:9', 'audit', 'verify', '--witness', 'relays')).toMatchObject({ status: 1, stderr: expect.stringContaining('none of the relays answered') });
	});

	it('uses the same comparison as the witness file', async () => {
		const dataDir = await freshDataDir();
		await publishAll(dataDir);
		const { database } = open(dataDir);
		try {
			const entries = (await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(toChainedEntry);
			const { checkpoints } = await fetchRelayCheckpoints(pool, (await readAuditPubkey(database.db))!, 5_000);
			expect(verifyAgainstWitness(entries, checkpoints, null)).toMatchObject({ ok: true, newest: 3 });
			expect(verifyAgainstWitness(entries.slice(0, 2), checkpoints, null)).toMatchObject({ ok: false });
		} finally {
			await database.close();
		}
	});
});
