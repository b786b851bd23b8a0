// `admin-add-solver` (MOSTROD.md §4.1; PROTOCOL.md §4.6): payload check before the admin check
// (so a non-admin without payload still gets invalid_text_message), node key only (else
// silent), npub[:read|:write|:read-write] parsing (bad suffix → invalid_parameters, bad npub →
// silent), plain INSERT (existing users row → silent), direct ack without `id` to the sender.
// Must never change an existing user's category. A node whose `version` is below 0.17.4 reads the
// whole text as the npub (no suffix grammar), so `npub:read-write` or `npub:read` is silent there.
import { buildAdminAddSolverAck, parseSolverSpec } from '../../src/lib/protocol/actions/admin-add-solver.ts';
import { CantDoError, InternalError, isNodeKey, nowSecs, versionAtLeast, type Ctx } from './daemon-context.ts';
import type { Inbound } from './intake-gate.ts';

export async function handleAdminAddSolver(ctx: Ctx, i: Inbound): Promise<void> {
	if (ctx.o.cashuEscrow) throw new CantDoError('invalid_action');
	const k = i.message.kind;
	if (k.payload === null) throw new CantDoError('invalid_text_message');
	if (!isNodeKey(ctx, i.identity)) throw new InternalError('InvalidPubkey: not the admin key');
	if (!('text_message' in k.payload)) throw new CantDoError('invalid_text_message');
	const spec = parseSolverSpec(k.payload.text_message, { suffixes: versionAtLeast(ctx.o.version, [0, 17, 4]) });
	if (!spec.ok) {
		if (spec.reply === 'silent') throw new InternalError('InvalidPubkey: npub does not parse');
		throw new CantDoError(spec.reply);
	}
	const inserted = ctx.store.insertUser({
		pubkey: spec.pubkey,
		isAdmin: false,
		isSolver: true,
		isBanned: false,
		category: spec.permission === 'read' ? 1 : 2,
		lastTradeIndex: k.trade_index ?? 0,
		totalRating: 0,
		totalReviews: 0,
		createdAt: nowSecs(ctx)
	});
	if (!inserted) throw new InternalError('users primary key violation');
	await ctx.outbox.direct(i.sender, buildAdminAddSolverAck({ requestId: k.request_id }));
}
