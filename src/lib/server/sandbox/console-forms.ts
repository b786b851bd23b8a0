// The Solvers page's forms submitted over HTTP to the running console, as the operator: a
// short-lived session is created for the operator (createSession, as sign-in does), the form
// action is posted with the console's origin, and the session is removed right after. Used by
// the sandbox seeding only (first-operator.ts). Never logs the session token or the node key.
import type { Db } from '../db/index.ts';
import { createSession, invalidateSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { SolverForms } from './first-operator.ts';

interface ActionReply {
	type: string;
	status?: number;
	data?: string;
}

/** One flat object from a form action's devalue-encoded `data` (the only shape these actions return). */
function readFlatData(data: string | undefined): Record<string, unknown> {
	if (!data) return {};
	const table: unknown = JSON.parse(data);
	if (!Array.isArray(table) || typeof table[0] !== 'object' || table[0] === null) return {};
	return Object.fromEntries(Object.entries(table[0] as Record<string, number>).map(([key, index]) => [key, table[index]]));
}

/** `baseURL`: where the console listens; `origin`: its public origin (ORIGIN), for the same-origin check. */
export function consoleSolverForms(db: Db, baseURL: string, origin: string): SolverForms {
	const post = async (operatorId: number, action: string, fields: Record<string, string>): Promise<Record<string, unknown>> => {
		const { token, session } = await createSession(db, { id: operatorId, role: 'operator' }, true);
		try {
			const response = await fetch(`${baseURL}/solvers?/${action}`, {
				method: 'POST',
				headers: {
					origin,
					cookie: `${SESSION_COOKIE}=${token}`,
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams(fields)
			});
			const reply = (await response.json()) as ActionReply;
			if (reply.type !== 'success') throw new Error(`the ${action} form answered ${reply.type} (${reply.status ?? response.status})`);
			return readFlatData(reply.data);
		} finally {
			await invalidateSession(db, session.id);
		}
	};
	return {
		async give(operatorId, userId) {
			await post(operatorId, 'give', { userId: String(userId), mode: 'generate' });
		},
		async register(operatorId, userId, permission, nodeKey) {
			const data = await post(operatorId, 'register', { userId: String(userId), permission, nodeKey });
			return typeof data.outcome === 'string' ? data.outcome : 'unknown';
		}
	};
}
