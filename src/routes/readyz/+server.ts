// GET /readyz: the database answers and its migrations are current (for a load balancer's
// readiness probe). 200 "ok" or 503 "not ready"; no data.
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { checkReadiness, healthResponse } from '$lib/server/health/readiness';

export const GET: RequestHandler = async () => {
	const runtime = getRuntime();
	const readiness = await checkReadiness(runtime.db, runtime.schemaVersion);
	return healthResponse(readiness.ready);
};
