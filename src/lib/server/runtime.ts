// The process-wide infrastructure (ARCHITECTURE "One process, three layers"): config,
// database, sealer and rate limiters, created once when the server starts and shared
// by every request. Holds no per-request or per-user state.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { openConsoleDatabase, type Db, type MigrationSet } from './db/index.ts';
import type { Dialect } from './db/dialect.ts';
import { loadMasterKey } from './vault/master-key.ts';
import { createSealer, type Sealer } from './vault/seal.ts';
import type { Backoff } from './auth/rate-limit.ts';
import { SharedFailureBackoff } from './auth/shared-backoff.ts';
import type { LoginLimiters } from './auth/login.ts';
import { issueSetupToken } from './auth/setup.ts';
import { log, setLogLevel } from './log.ts';
import { ensureAuditKey, newestCheckpoint } from './audit/checkpoints.ts';
import { startCheckpointSchedule } from './audit/checkpoint-schedule.ts';
import { appendWitnessLine, isInside, witnessFileFromEnv } from './audit/witness-file.ts';
import { publishCheckpoint } from './audit/witness-relays.ts';
import { getNodeConnection } from './mostro/node-connection.ts';
import { createMostroServices, startMostroServices, type MostroServices } from './mostro/services.ts';
import { RESEND_SCAN_MS, resendStalledDecisions } from './mostro/decision-resender.ts';
import { resendStalledTakes } from './mostro/take-resender.ts';
import { refreshOpenEscrows } from './lightning/escrow.ts';
import { startEngineLeadership, type EngineLeadership } from './cluster/engine-leadership.ts';
import { PostgresLiveFanout } from './live/pg-fanout.ts';
import { blobPolicyOf } from './mostro/dispute-chat/blob-policy.ts';
import { armCrashPoint } from './test-crash-point.ts';
import { intervalScheduler, startNotificationSchedule } from './notifications/notification-schedule.ts';
import { ensureNotifierKey } from './vault/notifier-key.ts';

/** How often open escrows are re-checked against LND (when configured). */
const ESCROW_REFRESH_MS = 60_000;
/** How often attachments whose fetch failed are tried again (each row waits longer per attempt). */
const ARCHIVE_RETRY_MS = 60_000;

export interface Runtime extends MostroServices {
	config: Config;
	db: Db;
	dialect: Dialect;
	/** The newest migration this build knows; /readyz compares the database against it. */
	schemaVersion: number;
	sealer: Sealer;
	loginLimiters: LoginLimiters;
	secondFactorLimiter: Backoff;
	/** Whether this replica runs the engine (always on SQLite; the lease holder on PostgreSQL). */
	leadsEngine(): boolean;
	close(): Promise<void>;
}

let current: Runtime | null = null;

/** Where the started runtime is also registered for the process (see runtimeOfProcess). */
const PROCESS_HANDLE = Symbol.for('mostro-mediator.runtime');

export const DATABASE_FILE = 'mediator.sqlite';

/** Creates the data directory with mode 0700 (and tightens an existing one). */
export function prepareDataDir(dataDir: string): void {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
}

export async function startRuntime(config: Config, migrations: MigrationSet): Promise<Runtime> {
	if (current) return current;
	setLogLevel(config.logLevel);
	prepareDataDir(config.dataDir);
	const master = loadMasterKey(config.dataDir, config.masterKeyHex);
	if (master.source === 'generated') {
		log.warn(`generated a new master key in ${join(config.dataDir, 'master.key')}; back it up: sealed secrets cannot be opened without it`);
	}
	const database = await openConsoleDatabase({ databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, DATABASE_FILE) }, migrations);
	if (database.applied.length > 0) log.info('applied migrations', { migrations: database.applied });
	const sealer = createSealer(master.key);
	const services = createMostroServices(database.db, sealer, {
		replyTimeoutMs: config.replyTimeoutMs,
		crashPoint: config.testCrashPoint,
		dataDir: config.dataDir,
		// Replicas on PostgreSQL share the database, not a data directory.
		archiveInDatabase: database.url !== null,
		// SQLite: one process, always the leader. PostgreSQL: the lease holder.
		leads: database.url ? () => leadership?.leads() ?? false : () => true,
		// Only replicas hand requests over; a lone SQLite process never has any to look for.
		handOffIntervalMs: database.url ? undefined : null,
		blobPolicy: blobPolicyOf(config),
		// Loopback receivers only where loopback blob hosts are allowed too.
		webhooks: { policy: { allowedHosts: config.webhookHosts, allowLoopback: config.blobs.allowLoopback }, origin: config.origin },
		notifications: { publicUrl: config.origin }
	});
	services.webhooks.start();
	armCrashPoint(config.testCrashPoint);
	if (config.testCrashPoint) log.warn('MEDIATOR_TEST_CRASH_POINT is set: this server will kill itself while sending an action (crash-safety tests only)');
	// On PostgreSQL every replica's browsers see what any replica publishes.
	const fanout = database.url ? new PostgresLiveFanout(services.live, database.url) : null;
	await fanout?.start();
	let leadership: EngineLeadership | null = null;
	const escrowTimer = setInterval(() => {
		if (leadership?.leads()) void refreshOpenEscrows(services.escrow);
	}, ESCROW_REFRESH_MS);
	escrowTimer.unref();
	const archiveTimer = setInterval(() => void services.archive.retryFailed().catch(() => undefined), ARCHIVE_RETRY_MS);
	archiveTimer.unref();
	// Decisions and takes a restart or the node's 10 s freshness rule left unsent: only the leader sends.
	const resendTimer = setInterval(() => {
		if (!leadership?.leads()) return;
		void resendStalledDecisions(services).catch((error: unknown) => log.warn('could not look for decisions to send again', { error: error instanceof Error ? error.message : String(error) }));
		void resendStalledTakes(services).catch((error: unknown) => log.warn('could not look for takes to send again', { error: error instanceof Error ? error.message : String(error) }));
	}, RESEND_SCAN_MS);
	resendTimer.unref();
	// Only the leader scans and sends, so two replicas never send the same direct message twice.
	const stopNotifications = startNotificationSchedule(database.db, services.notifier, {
		every: (ms, work) =>
			intervalScheduler.every(ms, () => {
				if (leadership?.leads()) work();
			})
	});
	// Settings shows the notifier's npub even before a node is configured.
	await ensureNotifierKey(database.db, sealer);
	const auditKey = await ensureAuditKey(database.db, sealer);
	if (auditKey.created) {
		console.log(`\nThe console's audit public key (keep a copy outside this machine; auditors pin it with\n\`mostro-mediator audit verify --pubkey <hex>\`, and \`mostro-mediator audit key\` prints it again):\n  ${auditKey.pubkey}\n`);
	}
	const witnessFile = witnessFileFromEnv();
	if (witnessFile && isInside(config.dataDir, witnessFile)) log.warn('MEDIATOR_AUDIT_WITNESS_FILE is inside the data directory, so it does not witness anything against someone who can write there');
	const checkpoints = startCheckpointSchedule(database.db, sealer, {
		onSigned: (checkpoint) => {
			if (witnessFile) appendWitnessLine(witnessFile, checkpoint);
			// Not awaited: relays answer in their own time, and the next checkpoint must not wait.
			void publishCheckpoint(database.db, sealer, services.engine, checkpoint).catch((error: unknown) => log.warn('could not publish the audit checkpoint', { error: error instanceof Error ? error.message : String(error) }));
		},
		onError: (error: unknown) => log.warn('could not sign the audit head', { error: error instanceof Error ? error.message : String(error) })
	});
	const runtime: Runtime = {
		...services,
		config,
		db: database.db,
		dialect: database.dialect,
		schemaVersion: Math.max(0, ...migrations.sqlite.map((migration) => migration.version)),
		sealer,
		// In the database, so every replica counts the same failures.
		loginLimiters: { byIp: new SharedFailureBackoff(database.db, 'login-ip', { freeAttempts: 10 }), byAccount: new SharedFailureBackoff(database.db, 'login-account', { freeAttempts: 5 }) },
		secondFactorLimiter: new SharedFailureBackoff(database.db, 'second-factor', { freeAttempts: 5 }),
		leadsEngine: () => leadership?.leads() ?? false,
		close: async () => {
			current = null;
			delete (globalThis as Record<symbol, unknown>)[PROCESS_HANDLE];
			clearInterval(escrowTimer);
			clearInterval(archiveTimer);
			clearInterval(resendTimer);
			await services.webhooks.stop();
			await services.handOff.stop();
			stopNotifications();
			services.notifier.transport.stop();
			await leadership?.stop();
			await services.engine.stop();
			await fanout?.stop();
			await checkpoints.stop();
			await database.close();
		}
	};
	current = runtime;
	(globalThis as Record<symbol, unknown>)[PROCESS_HANDLE] = runtime;
	const startEngine = async () => {
		const connection = await getNodeConnection(runtime.db, config);
		if (!connection.pubkey) return;
		await startMostroServices(runtime, connection);
		log.info('following Mostro node', { pubkey: connection.pubkey, relays: connection.relays, source: connection.source });
		// The checkpoint signed at start (or by the command line) came before the relays were connected.
		const newest = await newestCheckpoint(runtime.db);
		if (newest) {
			void publishCheckpoint(runtime.db, sealer, services.engine, newest).catch((error: unknown) => log.warn('could not publish the audit checkpoint', { error: error instanceof Error ? error.message : String(error) }));
		}
	};
	leadership = await startEngineLeadership(database.url, { start: startEngine, stop: () => services.engine.stop() });
	const setupToken = await issueSetupToken(runtime.db);
	if (setupToken) {
		const origin = config.origin ?? `http://${config.host}:${config.port}`;
		console.log(`\nNo user exists yet. Create the first operator within one hour at:\n  ${origin}/setup?token=${setupToken}\n`);
	}
	return runtime;
}

export function getRuntime(): Runtime {
	if (!current) throw new Error('the server runtime has not been started');
	return current;
}

/**
 * The runtime the built server started in this process, or null: for a launcher that runs the
 * built server in its own process (bin/start.mjs) and so cannot share the bundle's modules.
 */
export function runtimeOfProcess(): Runtime | null {
	return ((globalThis as Record<symbol, unknown>)[PROCESS_HANDLE] as Runtime | undefined) ?? null;
}
