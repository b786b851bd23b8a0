// Dispatch of accepted requests by `action` (MOSTROD.md §7.2; PROTOCOL.md §2.5 step 10), with
// the error split of `manage_errors`: CantDoError → queued cant-do to the sender key echoing
// request_id and id; InternalError (and anything unexpected) → logged, silent. Honours the
// `silent` fault switch and the maintenance gate. Must never answer an action it does not handle.
import { buildCantDo } from '../../src/lib/protocol/actions/party.ts';
import { handleAdminAddSolver } from './admin-add-solver.ts';
import { handleAdminCancel, handleAdminSettle } from './admin-resolve.ts';
import { handleAdminTakeDispute } from './admin-take-dispute.ts';
import { CantDoError, type Ctx } from './daemon-context.ts';
import { handleDispute } from './dispute-open.ts';
import type { Inbound } from './intake-gate.ts';
import { handlePartyAction } from './order-flow.ts';

export type RouteOutcome = 'handled' | 'cant-do' | 'silent' | 'ignored';

function isSilenced(ctx: Ctx, action: string): boolean {
	const s = ctx.faults.silent;
	return s === true || (s instanceof Set && s.has(action));
}

const MAINTENANCE_REFUSED: ReadonlySet<string> = new Set(['new-order', 'take-buy', 'take-sell']);

async function dispatch(ctx: Ctx, i: Inbound): Promise<boolean> {
	// Maintenance gate (UPSTREAM-0.19.md §2.2 step 9, §7): only new trades are refused.
	if (ctx.o.maintenanceMode && MAINTENANCE_REFUSED.has(i.message.kind.action)) throw new CantDoError('maintenance_mode');
	switch (i.message.kind.action) {
		case 'dispute':
			await handleDispute(ctx, i);
			return true;
		case 'admin-take-dispute':
			await handleAdminTakeDispute(ctx, i);
			return true;
		case 'admin-settle':
			await handleAdminSettle(ctx, i);
			return true;
		case 'admin-cancel':
			await handleAdminCancel(ctx, i);
			return true;
		case 'admin-add-solver':
			await handleAdminAddSolver(ctx, i);
			return true;
		default:
			return handlePartyAction(ctx, i);
	}
}

export async function routeMessage(ctx: Ctx, i: Inbound): Promise<RouteOutcome> {
	const k = i.message.kind;
	if (isSilenced(ctx, k.action)) {
		ctx.o.log(`silenced ${k.action}`);
		return 'silent';
	}
	try {
		return (await dispatch(ctx, i)) ? 'handled' : 'ignored';
	} catch (err) {
		if (err instanceof CantDoError) {
			ctx.outbox.enqueueCantDo(i.sender, buildCantDo({ reason: err.reason, requestId: k.request_id, id: k.id }));
			return 'cant-do';
		}
		ctx.o.log(`${k.action} silent: ${(err as Error).message}`);
		return 'silent';
	}
}
