// The operator route of a hand-over (issue 17; MOSTROD.md §2.2 rule 1, §3.2, §9.6 quirk 3): where
// the daemon refuses the colleague's own take, an operator takes the case over with the node's
// own key, which the daemon lets take over from any solver. The daemon then holds the dispute
// under the node key and refuses every solver key a takeover from it ("any solver taking from the
// admin key"), so the colleague can never hold it with their own key: the console records the
// colleague as the one the case was handed to (its holder here), while on the node the node key
// holds it. Sent through the action journal, the node key's use audited. Must never return or
// log the node key, nor change who holds a dispute before the node's answer (take-dispute.ts).
import type { MostroServices } from '../mostro/services.ts';
import type { PersonActor } from '../auth/actor.ts';
import type { SendOutcome } from '../mostro/node-messenger.ts';
import type { JournalRow } from '../mostro/action-journal.ts';
import { can } from '../../access/access-rules.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { newRequestId } from '../mostro/action-journal.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { openNodeKey, hasStoredNodeKey } from '../vault/node-key.ts';
import { getPubkey } from '../../protocol/keys.ts';
import { buildAdminTakeDispute } from '../../protocol/actions/admin-take-dispute.ts';

/** The journal's `details.kind` of a take signed by the node key on a colleague's behalf. */
export const NODE_KEY_TAKEOVER = 'node_key_takeover';

export interface OperatorTakeoverInput {
	handoverId: number;
}

/** The operator route form's fields, `unknown` until checked here. */
export function parseOperatorTakeoverInput(fields: Record<string, unknown>): OperatorTakeoverInput {
	const id = Number(fields.handoverId);
	if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('invalid_input', 'handover.error.no_offer');
	return { handoverId: id };
}

type Services = Pick<MostroServices, 'db' | 'sealer' | 'engine' | 'messenger' | 'launcherNodeKey'>;

/** Whether the console can sign with the node key now (launcher memory or the vault). */
export async function canSignWithNodeKey(services: Pick<MostroServices, 'db' | 'engine' | 'launcherNodeKey'>): Promise<boolean> {
	return services.launcherNodeKey.signsFor(services.engine.nodePubkey) || (await hasStoredNodeKey(services.db));
}

/**
 * An operator takes the case over with the node key for the colleague an open operator-route
 * offer names. The node's `admin-took-dispute` makes that colleague the case's holder here.
 */
export async function takeOverWithNodeKey(services: Services, operator: PersonActor, disputeId: string, input: OperatorTakeoverInput): Promise<SendOutcome> {
	const { db, sealer, engine } = services;
	if (!can(operator.role, 'manage_solvers')) throw new Refusal('not_authorized', 'handover.error.operator_only');
	const dispute = await getDispute(db, disputeId);
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	if (dispute.status !== 'in-progress') throw new Refusal('conflict', 'handover.error.no_offer');
	const offer = await db.selectFrom('case_handovers').select(['id', 'from_user_id', 'to_user_id', 'route']).where('id', '=', input.handoverId).where('dispute_id', '=', disputeId).where('state', '=', 'offered').executeTakeFirst();
	if (!offer) throw new Refusal('conflict', 'handover.error.no_offer');
	if (offer.route !== 'operator') throw new Refusal('conflict', 'handover.error.solver_route');
	if (Number(offer.from_user_id) !== dispute.holderUserId) throw new Refusal('conflict', 'handover.error.holder_changed');
	const secret = services.launcherNodeKey.open(engine.nodePubkey) ?? (await openNodeKey(db, sealer));
	if (!secret) throw new Refusal('invalid_input', 'handover.error.node_key_needed');
	try {
		const toUserId = Number(offer.to_user_id);
		await db.transaction().execute(async (tx) => {
			await appendAudit(tx, operator, { action: 'node_key.used', subject: `dispute:${disputeId}`, details: { for: 'admin-take-dispute', handoverId: Number(offer.id), fromUserId: Number(offer.from_user_id), toUserId } });
		});
		const requestId = newRequestId();
		return await services.messenger.send({
			action: 'admin-take-dispute',
			message: buildAdminTakeDispute({ disputeId, requestId }),
			requestId,
			signer: { pubkey: getPubkey(secret), secret },
			disputeId,
			actor: operator,
			details: { kind: NODE_KEY_TAKEOVER, handoverId: Number(offer.id), onBehalfOfUserId: toUserId, previousHolderUserId: dispute.holderUserId }
		});
	} finally {
		secret.fill(0);
	}
}

/**
 * Who holds a dispute after the node acknowledged this journal entry's take: the colleague a
 * node-key takeover was made for, otherwise the user who sent it.
 */
export function holderOfTake(entry: Pick<JournalRow, 'actor_user_id' | 'details'>): number | null {
	let details: unknown;
	try {
		details = JSON.parse(entry.details);
	} catch {
		return entry.actor_user_id;
	}
	if (typeof details !== 'object' || details === null) return entry.actor_user_id;
	const { kind, onBehalfOfUserId } = details as Record<string, unknown>;
	return kind === NODE_KEY_TAKEOVER && typeof onBehalfOfUserId === 'number' && Number.isSafeInteger(onBehalfOfUserId) ? onBehalfOfUserId : entry.actor_user_id;
}
