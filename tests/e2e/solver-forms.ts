// For e2e consoles started on their own node (another process, so the commands cannot be called
// directly): gives the first operator a solver key registered read-write by posting the Solvers
// page's two forms ("give a key", then "register" with the node key pasted and not kept) over
// HTTP as that operator, with a short-lived session created the way sign-in does and removed
// right after. The same outcome npm start's sandbox seeding produces. Test-only.
import type { Db } from '../../src/lib/server/db/index.ts';
import { createSession, invalidateSession, SESSION_COOKIE } from '../../src/lib/server/auth/sessions.ts';
import { getSolverKey } from '../../src/lib/server/vault/solver-keys.ts';

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

/**
 * Posts `give` (when the user has no key yet) and `register` as the first operator, for that
 * operator or for `userId` (another user, e.g. a second mediator); resolves with the registration outcome.
 */
export async function postFirstOperatorSolverForms(db: Db, baseURL: string, nodeKey: string, userId: number | null = null): Promise<string> {
	const operator = await db.selectFrom('users').select('id').where('role', '=', 'operator').orderBy('id').limit(1).executeTakeFirstOrThrow();
	const target = userId ?? operator.id;
	const post = async (action: string, fields: Record<string, string>): Promise<Record<string, unknown>> => {
		const { token, session } = await createSession(db, { id: operator.id, role: 'operator' }, true);
		try {
			const response = await fetch(`${baseURL}/solvers?/${action}`, {
				method: 'POST',
				headers: {
					origin: baseURL,
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
	if (!(await getSolverKey(db, target))) await post('give', { userId: String(target), mode: 'generate' });
	const data = await post('register', { userId: String(target), permission: 'read-write', nodeKey });
	return typeof data.outcome === 'string' ? data.outcome : 'unknown';
}
