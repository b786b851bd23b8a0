// Taking a dispute (PRODUCT.md capability 3; MOSTROD.md §2): checks the take rules, sends
// `admin-take-dispute` signed with the user's solver key through the node messenger, and on
// `admin-took-dispute` stores SolverDisputeInfo (the preimage sealed, never returned),
// records the user as holder, links the order and tells a displaced colleague.
import type { SolverDisputeInfo } from '../../../protocol/payload.ts';
import type { MostroServices } from '../services.ts';
import type { Tx } from '../../db/index.ts';
import type { JournalRow } from '../action-journal.ts';
import type { SendOutcome } from '../node-messenger.ts';
import type { PersonActor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { newRequestId } from '../action-journal.ts';
import { getSolverKey, openSolverSecret } from '../../vault/solver-keys.ts';
import { judgeTake, type TakeFacts, type TakeVerdict } from './take-rules.ts';
import { getDispute, recordTake } from '../../cases/dispute-store.ts';
import type { Dispute } from '../../cases/case-types.ts';
import { readDisputeInfo, storeDisputeInfo } from '../../cases/dispute-info.ts';
import { settleHandovers } from '../../case-notes/handovers.ts';
import { holderOfTake } from '../../case-notes/operator-takeover.ts';

function parsePermission(value: string | null): 'read' | 'read-write' | null {
	return value === 'read' || value === 'read-write' ? value : null;
}
import { buildAdminTakeDispute, readTookDispute } from '../../../protocol/actions/admin-take-dispute.ts';
import type { Message } from '../../../protocol/message.ts';
import { systemActor } from '../../auth/actor.ts';
import type { Emit } from '../../domain-events/events.ts';

export async function assessTake(runtime: MostroServices, userId: number, disputeId: string): Promise<TakeVerdict> {
	const dispute = await getDispute(runtime.db, disputeId);
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	return assessTakeOf(runtime, userId, dispute);
}

/** The take rules applied to a dispute already read (one read per page). */
export async function assessTakeOf(runtime: Pick<MostroServices, 'db' | 'engine'>, userId: number, dispute: Pick<Dispute, 'id' | 'status' | 'holderUserId'>): Promise<TakeVerdict> {
	const { db } = runtime;
	const node = runtime.engine.nodePubkey;
	const info = dispute.status === 'in-progress' && node !== null ? await readDisputeInfo(db, dispute.id) : null;
	const mine = await getSolverKey(db, userId);
	let holder: TakeFacts['holder'] = null;
	if (dispute.holderUserId !== null) {
		const row = await db.selectFrom('users').leftJoin('solver_keys', 'solver_keys.user_id', 'users.id').select(['users.id', 'users.name', 'solver_keys.permission']).where('users.id', '=', dispute.holderUserId).executeTakeFirst();
		if (row) holder = { userId: row.id, name: row.name, permission: parsePermission(row.permission) };
	}
	return judgeTake({
		status: dispute.status,
		myUserId: userId,
		hasKey: mine !== null,
		myPermission: parsePermission(mine?.permission ?? null),
		holder,
		heldByNodeKey: info?.state === 'ok' && info.solverPubkey === node
	});
}

/** What the mediator confirmed: taking over a case another solver holds. */
export interface TakeInput {
	confirmedTakeover: boolean;
}

export async function executeTake(runtime: MostroServices, user: PersonActor, disputeId: string, input: TakeInput): Promise<SendOutcome> {
	const { confirmedTakeover } = input;
	const verdict = await assessTake(runtime, user.userId, disputeId);
	if (!verdict.allowed) throw new Refusal('not_authorized', `take.refused.${verdict.reason}`);
	if (verdict.needsConfirmation && !confirmedTakeover) throw new Refusal('conflict', 'take.confirm_needed');
	const key = await openSolverSecret(runtime.db, runtime.sealer, user.userId);
	if (!key) throw new Refusal('not_authorized', 'take.refused.no_solver_key');
	const requestId = newRequestId();
	try {
		return await runtime.messenger.send({
			action: 'admin-take-dispute',
			message: buildAdminTakeDispute({ disputeId, requestId }),
			requestId,
			signer: key,
			disputeId,
			actor: user,
			details: { kind: verdict.kind, previousHolder: verdict.previousHolder?.name ?? null }
		});
	} finally {
		key.secret.fill(0);
	}
}

/**
 * Applied when the node answers `admin-took-dispute` (immediately or late). Returns the
 * console user whose dispute was taken over, or null.
 */
/** The side that opened the dispute, from the solver's view of it; null when the keys do not say. */
export function initiatorOf(info: Pick<SolverDisputeInfo, 'initiator_pubkey' | 'buyer_pubkey' | 'seller_pubkey'>): 'buyer' | 'seller' | null {
	if (info.buyer_pubkey !== null && info.initiator_pubkey === info.buyer_pubkey) return 'buyer';
	if (info.seller_pubkey !== null && info.initiator_pubkey === info.seller_pubkey) return 'seller';
	return null;
}

export async function applyTookDispute(runtime: Pick<MostroServices, 'sealer'>, tx: Tx, entry: JournalRow, reply: Message, emit: Emit): Promise<number | null> {
	const took = readTookDispute(reply);
	if (!took?.info || !entry.dispute_id || took.disputeId !== entry.dispute_id) return null;
	const { info } = took;
	const now = Date.now();
	const { preimage, ...shown } = info;
	const sealedPreimage = preimage ? runtime.sealer.seal(new TextEncoder().encode(preimage), `preimage:dispute:${entry.dispute_id}`) : null;
	await storeDisputeInfo(tx, entry.dispute_id, { info: shown, solverPubkey: entry.signer_pubkey, preimageSealed: sealedPreimage, receivedAt: now });
	// A node-key takeover made for a colleague leaves that colleague holding the case here.
	const holder = holderOfTake(entry);
	const previous = await recordTake(tx, entry.dispute_id, holder, shown, initiatorOf(info), now);
	const takeover = previous !== null && previous !== holder;
	if (takeover) {
		await tx
			.insertInto('user_notices')
			.values({ user_id: previous, kind: 'dispute_taken_over', dispute_id: entry.dispute_id, details: JSON.stringify({ byUserId: entry.actor_user_id }), created_at: now })
			.execute();
	}
	await appendAudit(tx, systemActor('node', entry.actor_user_id), {
		action: takeover ? 'dispute.takeover' : 'dispute.taken',
		subject: `dispute:${entry.dispute_id}`,
		details: { orderId: info.id, previousHolderUserId: takeover ? previous : null },
		at: now
	});
	await settleHandovers(tx, emit, systemActor('node', entry.actor_user_id), entry.dispute_id, holder, now);
	return takeover ? previous : null;
}
