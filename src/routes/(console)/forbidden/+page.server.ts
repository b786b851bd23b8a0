// The 403 page inside the console shell (navigation kept): the access hook renders it for a
// page the role may not open. It only explains; it never loads anything of the refused page.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseRefusedPath } from '$lib/access/refusal';

export const load: PageServerLoad = ({ locals, url }) => {
	error(403, { message: 'forbidden', code: '403', requestId: locals.requestId, path: parseRefusedPath(url.searchParams.get('from')) ?? undefined });
};
