// Reads the audit log for the viewer: filters by actor, action, dispute and time, newest
// first, in pages; and a full chain check on demand. Reads only.
import type { Db } from '../db/index.ts';
import { toChainedEntry } from './log.ts';
import type { ChainedEntry } from './hash-chain.ts';
import { exportAuditEntries, verifyAuditFile, type AuditVerdict } from './export.ts';
import { listCheckpoints, readAuditPubkey } from './checkpoints.ts';

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilter {
	actor: string;
	action: string;
	dispute: string;
	from: number | null;
	to: number | null;
	page: number;
}

function day(value: string | null, end: boolean): number | null {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return Number.isNaN(ms) ? null : ms + (end ? 86_399_999 : 0);
}

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
	const page = Number(params.get('page') ?? '1');
	return {
		actor: (params.get('actor') ?? '').trim().slice(0, 64),
		action: (params.get('action') ?? '').trim().slice(0, 64),
		dispute: (params.get('dispute') ?? '').trim().toLowerCase().slice(0, 64),
		from: day(params.get('from'), false),
		to: day(params.get('to'), true),
		page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1
	};
}

export async function listAudit(db: Db, filter: AuditFilter): Promise<{ entries: ChainedEntry[]; total: number }> {
	let query = db.selectFrom('audit_log');
	if (filter.actor) query = query.where('actor', '=', filter.actor);
	if (filter.action) query = query.where((eb) => eb.or([eb('action', '=', filter.action), eb.and([eb('action', '>=', filter.action + '.'), eb('action', '<', filter.action + '/')])]));
	if (filter.dispute) query = query.where('subject', '=', `dispute:${filter.dispute}`);
	if (filter.from !== null) query = query.where('at', '>=', filter.from);
	if (filter.to !== null) query = query.where('at', '<=', filter.to);
	const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await query
		.selectAll()
		.orderBy('id', 'desc')
		.limit(AUDIT_PAGE_SIZE)
		.offset((filter.page - 1) * AUDIT_PAGE_SIZE)
		.execute();
	return { entries: rows.map(toChainedEntry), total: Number(total.n) };
}

export async function listAuditActions(db: Db): Promise<string[]> {
	return (await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((row) => row.action);
}

/** The live log, against the given pinned key (default: the console's own key as stored). */
export async function verifyAuditLog(db: Db, pinnedPubkey?: string | null, now = Date.now()): Promise<AuditVerdict> {
	const entries: ChainedEntry[] = [];
	for await (const entry of exportAuditEntries(db)) entries.push(entry);
	const pinned = pinnedPubkey === undefined ? await readAuditPubkey(db) : pinnedPubkey;
	return verifyAuditFile({ entries, checkpoints: await listCheckpoints(db), complete: true }, { pinnedPubkey: pinned, now });
}
