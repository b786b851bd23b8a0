// GET /healthz: the process is up and answering (for a load balancer's liveness probe). No data.
import type { RequestHandler } from './$types';
import { healthResponse } from '$lib/server/health/readiness';

export const GET: RequestHandler = () => healthResponse(true);
