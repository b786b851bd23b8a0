// One engine leader at a time across replicas on one PostgreSQL (issue 20): the replica holding
// a session-level advisory lock on a dedicated connection runs the engine (relay intake, reply
// router, schedulers); the others keep trying and take over once the leader's connection drops
// (the server releases a session lock when its session ends). The leader checks its connection
// every `checkMs`; when that fails it gives up leadership at once, before anyone else can have
// taken it over, so two replicas never lead together. Never holds the lock on a pooled connection.
import type pg from 'pg';
import { createClient } from '../db/postgres-pool.ts';
import { ENGINE_LEADER_LOCK } from '../db/advisory-locks.ts';
import { log } from '../log.ts';

export interface LeaderLeaseOptions {
	/** How often a follower tries to take the lock, and a leader checks its connection (ms). */
	intervalMs?: number;
	/** A connection check slower than this counts as a lost connection (ms). */
	checkTimeoutMs?: number;
	/** Called when this replica became the leader. A failure is logged; the lease stays held. */
	onAcquired: () => Promise<void> | void;
	/** Called when this replica stopped leading (its lock connection failed, or `stop`). */
	onLost: () => Promise<void> | void;
	applicationName?: string;
}

export const DEFAULT_LEASE_INTERVAL_MS = 2_000;

export class LeaderLease {
	readonly #url: string;
	readonly #options: Required<Omit<LeaderLeaseOptions, 'applicationName'>> & { applicationName: string };
	#client: pg.Client | null = null;
	#leader = false;
	#stopped = false;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#tick: Promise<void> = Promise.resolve();

	constructor(url: string, options: LeaderLeaseOptions) {
		this.#url = url;
		this.#options = { intervalMs: DEFAULT_LEASE_INTERVAL_MS, checkTimeoutMs: 2_000, applicationName: 'mostro-mediator leader', ...options };
	}

	get isLeader(): boolean {
		return this.#leader;
	}

	/** The backend pid of the lock connection (for tests that cut it), or null. */
	async backendPid(): Promise<number | null> {
		const result = await this.#client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
		return result?.rows[0]?.pid ?? null;
	}

	start(): void {
		this.#schedule(0);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		await this.#tick;
		await this.#demote();
	}

	#schedule(delayMs: number): void {
		if (this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.#tick = this.#round().finally(() => this.#schedule(this.#options.intervalMs));
		}, delayMs);
		this.#timer.unref?.();
	}

	async #round(): Promise<void> {
		try {
			if (this.#leader) await this.#check();
			else await this.#tryAcquire();
		} catch (error) {
			log.warn(this.#leader ? 'lost the engine leader lock connection' : 'could not try the engine leader lock', { error: error instanceof Error ? error.message : String(error) });
			await this.#demote();
		}
	}

	async #connect(): Promise<pg.Client> {
		if (this.#client) return this.#client;
		const client = createClient(this.#url, this.#options.applicationName);
		// A dropped connection surfaces as an error event; the next round notices and demotes.
		client.on('error', () => {});
		await client.connect();
		this.#client = client;
		return client;
	}

	async #tryAcquire(): Promise<void> {
		const client = await this.#connect();
		const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [ENGINE_LEADER_LOCK.toString()]);
		if (!result.rows[0]?.locked || this.#stopped) return;
		this.#leader = true;
		log.info('this replica leads the engine');
		try {
			await this.#options.onAcquired();
		} catch (error) {
			log.error('could not start the engine after taking the lead', { error: error instanceof Error ? error.message : String(error) });
		}
	}

	async #check(): Promise<void> {
		const client = this.#client;
		if (!client) throw new Error('no lock connection');
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('lock connection check timed out')), this.#options.checkTimeoutMs);
		});
		try {
			const result = await Promise.race([client.query<{ held: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted) AS held"), timeout]);
			if (!result.rows[0]?.held) throw new Error('the leader lock is no longer held');
		} finally {
			clearTimeout(timer);
		}
	}

	async #demote(): Promise<void> {
		const client = this.#client;
		this.#client = null;
		const wasLeader = this.#leader;
		this.#leader = false;
		// Ending the session releases the lock (if the server still has it).
		await client?.end().catch(() => {});
		if (!wasLeader) return;
		log.warn('this replica no longer leads the engine');
		try {
			await this.#options.onLost();
		} catch (error) {
			log.error('could not stop the engine after losing the lead', { error: error instanceof Error ? error.message : String(error) });
		}
	}
}
