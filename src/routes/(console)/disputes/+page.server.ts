import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { listBoard, PAGE_SIZE, parseBoardQuery } from '$lib/server/cases/board-query';
import { countBoardBuckets } from '$lib/server/cases/board-counts';
import { can } from '$lib/server/auth/access';
import { loadAssistantHolds } from '$lib/server/cases/assistant-holder';
import { dismissNewcomerGuide, loadNewcomerGuide } from '$lib/server/users/newcomer-guide';

/**
 * `query`: the parsed filters; `counts`: per bucket; `rows`: one page of disputes;
 * `assistantHeld`: ids of the rows the node's assistant solver holds; `total`/`pageSize`; `nodeConfigured`: whether the engine follows a node; `now`: server time (ms);
 * `guide`: the newcomer guide's state for this user (the page shows it only in the sandbox, `data.sandbox` from the layout).
 */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:disputes');
	const user = requireUser(locals);
	const { db, engine } = getRuntime();
	const query = parseBoardQuery(url.searchParams);
	const [counts, board, guide] = await Promise.all([countBoardBuckets(db, user), listBoard(db, query, user.id, can(user.role, 'mediate')), loadNewcomerGuide(db, user.id)]);
	const assistant = await loadAssistantHolds(
		db,
		engine.nodePubkey,
		board.rows.map((row) => row.id)
	);
	return { query, counts, rows: board.rows, assistantHeld: [...assistant.held], total: board.total, pageSize: PAGE_SIZE, following: engine.nodePubkey !== null, guide, now: Date.now() };
};

export const actions: Actions = {
	dismissGuide: async ({ locals }) => {
		const actor = requireActor(locals);
		await dismissNewcomerGuide(getRuntime(), actor, null);
		return { guideDismissed: true };
	}
};
