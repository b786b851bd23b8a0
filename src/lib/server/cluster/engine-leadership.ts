// Decides where the engine runs. SQLite: one process, it always leads and starts the engine at
// once. PostgreSQL: the replica holding the leader lease (leader-lease.ts) starts it, the others
// serve pages and API and start it when they take the lease over; a replica that loses the lease
// stops its engine. Never starts the engine on two replicas of one database at once.
import { LeaderLease } from './leader-lease.ts';

export interface EngineLeadership {
	/** True where the engine runs (or would run, once a node is configured). */
	leads(): boolean;
	stop(): Promise<void>;
}

export interface EngineControl {
	start(): Promise<void>;
	stop(): Promise<void>;
}

export async function startEngineLeadership(databaseUrl: string | null, engine: EngineControl, intervalMs?: number): Promise<EngineLeadership> {
	if (!databaseUrl) {
		await engine.start();
		return { leads: () => true, stop: () => engine.stop() };
	}
	const lease = new LeaderLease(databaseUrl, { intervalMs, onAcquired: () => engine.start(), onLost: () => engine.stop() });
	lease.start();
	return { leads: () => lease.isLeader, stop: () => lease.stop() };
}
