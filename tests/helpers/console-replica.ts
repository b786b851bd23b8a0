// Console replicas for the fail-over tests on PostgreSQL (issue 20): the built server (`node
// build`, tests/e2e/server.ts) on a free 127.0.0.1 port with its own data directory, one shared
// database URL and master key, following the test's node on its relay. Reads from the output
// whether the replica leads the engine; kills with SIGKILL and waits for the exit, bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../e2e/server.ts';

/** What the leader lease logs when this replica starts leading (leader-lease.ts). */
export const LEADS_ENGINE = 'this replica leads the engine';

export interface ConsoleReplica extends RunningConsole {
	name: string;
	leads(): boolean;
	/** SIGKILL (unless the process is gone already), then waits for the exit. */
	kill(): Promise<void>;
	/** Resolves with the time of the exit once the process has exited by itself (a crash point), within `timeoutMs`. */
	exited(timeoutMs?: number): Promise<number>;
}

export interface ReplicaSetting {
	databaseUrl: string;
	masterKeyHex: string;
	nodePubkey: string;
	relays: string[];
	/** Extra environment (a MEDIATOR_TEST_CRASH_POINT, a shorter reply time-out). */
	env?: Record<string, string>;
}

export async function startReplica(name: string, setting: ReplicaSetting): Promise<ConsoleReplica> {
	const dataDir = mkdtempSync(join(tmpdir(), `mm-replica-${name}-`));
	const running = await startConsole(
		{
			MEDIATOR_DATA_DIR: dataDir,
			MEDIATOR_DATABASE_URL: setting.databaseUrl,
			MEDIATOR_MASTER_KEY: setting.masterKeyHex,
			MEDIATOR_SANDBOX: 'off',
			MOSTRO_PUBKEY: setting.nodePubkey,
			MOSTRO_RELAYS: setting.relays.join(','),
			LOG_LEVEL: 'info',
			...setting.env
		},
		30_000
	);
	const gone = () => running.process.exitCode !== null || running.process.signalCode !== null;
	let exitedAt = 0;
	const exit = new Promise<void>((resolve) => {
		if (gone()) resolve();
		else
			running.process.once('exit', () => {
				exitedAt = Date.now();
				resolve();
			});
	});
	return {
		...running,
		name,
		leads: () => running.output().includes(LEADS_ENGINE),
		async kill() {
			if (!gone()) running.process.kill('SIGKILL');
			await exit;
			rmSync(dataDir, { recursive: true, force: true });
		},
		async exited(timeoutMs = 15_000) {
			let timer: ReturnType<typeof setTimeout> | undefined;
			const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${name} to exit`)), timeoutMs)));
			try {
				await Promise.race([exit, late]);
			} finally {
				clearTimeout(timer);
			}
			return exitedAt || Date.now();
		}
	};
}
