// Load-balancer health (issue 20): `/healthz` says the process answers, `/readyz` that the
// database is reachable and its schema is exactly as new as this build's migrations. The answer
// carries no data beyond ok / not ready: it is served to anyone, signed in or not.
// Never throws: a failing probe is a "not ready" answer, not a server error.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

export interface Readiness {
	ready: boolean;
	/** A fixed word for the log and the operator; never an error message or a value from the database. */
	reason: 'ok' | 'database_unreachable' | 'migrations_pending';
}

/** How long the database may take to answer before the replica counts as not ready. */
export const READINESS_TIMEOUT_MS = 2_000;

async function newestAppliedVersion(db: Db): Promise<number> {
	const result = await sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`.execute(db);
	return Number(result.rows[0]?.version ?? 0);
}

export async function checkReadiness(db: Db, expectedVersion: number, timeoutMs = READINESS_TIMEOUT_MS): Promise<Readiness> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<null>((resolve) => {
		timer = setTimeout(() => resolve(null), timeoutMs);
	});
	try {
		const version = await Promise.race([newestAppliedVersion(db), timeout]);
		if (version === null) return { ready: false, reason: 'database_unreachable' };
		return version === expectedVersion ? { ready: true, reason: 'ok' } : { ready: false, reason: 'migrations_pending' };
	} catch {
		return { ready: false, reason: 'database_unreachable' };
	} finally {
		clearTimeout(timer);
	}
}

/** The plain-text answer both endpoints give: no body worth caching, no data. */
export function healthResponse(ok: boolean): Response {
	return new Response(ok ? 'ok\n' : 'not ready\n', { status: ok ? 200 : 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
