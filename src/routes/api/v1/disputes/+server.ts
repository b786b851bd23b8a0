// GET: the dispute board (the console's /disputes page as JSON): the same query parameters
// (`q`, `bucket`, `initiator`, `from`, `to`, `sort`, `page`), bucket counts, one page of rows.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { apiUser } from '$lib/server/api-response';
import { listBoard, PAGE_SIZE, parseBoardQuery } from '$lib/server/cases/board-query';
import { countBoardBuckets } from '$lib/server/cases/board-counts';
import { can } from '$lib/server/auth/access';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	const { db } = getRuntime();
	const query = parseBoardQuery(url.searchParams);
	const [counts, board] = await Promise.all([countBoardBuckets(db, user), listBoard(db, query, user.id, can(user.role, 'mediate'))]);
	return json({ query, counts, rows: board.rows, total: board.total, pageSize: PAGE_SIZE });
};
