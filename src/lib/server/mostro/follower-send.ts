// How a replica that does not lead the engine sends an action to the node (issue 20, "Outgoing
// actions from any replica go through the journal; replies are matched from the database"): the
// request is written to the action journal as a `queued` row with its audit entry, in one
// transaction; the leader claims, signs with the key from the vault, publishes it and matches the
// reply (hand-off-relay.ts); this replica waits on the row (bounded polling) and returns the
// outcome exactly as the leader's own send would. Never stores or hands over a secret key: a
// signer the leader cannot open from the vault is refused here. Never publishes anything itself.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { findSolverByPubkey } from '../vault/solver-keys.ts';
import { getInstanceInfo, newestNodePubkey } from './instance-info-repository.ts';
import { getJournalEntry, settleJournalEntry } from './action-journal.ts';
import { insertQueuedEntry, readReceipts, readReply, withdrawQueued } from './journal-hand-off.ts';
import type { SendOutcome, SendRequest } from './node-messenger.ts';

export interface FollowerSendOptions {
	/** How long the reply may take once the leader published (the leader's own time-out). */
	replyTimeoutMs: number;
	/** How long a queued request waits for a leader to claim it before it is withdrawn. */
	claimWaitMs?: number;
	/** How long the leader may keep a claimed request waiting for a relay (node-messenger UNSENT_WAIT_MS). */
	unsentWaitMs?: number;
	pollMs?: number;
}

/** A leader is expected within the 10 s fail-over; a request waits three times that. */
export const CLAIM_WAIT_MS = 30_000;
const POLL_MS = 200;
/** The leader settles "no answer" itself; this replica only does so when that did not happen. */
const SETTLE_MARGIN_MS = 5_000;

/** Whether the leader can open `pubkey`'s secret from the vault (a solver key, or the stored node key). */
async function leaderCanSign(db: Db, pubkey: string): Promise<boolean> {
	if (await findSolverByPubkey(db, pubkey)) return true;
	const node = await db.selectFrom('node_key').select('pubkey').executeTakeFirst();
	return node?.pubkey === pubkey;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendThroughLeader(db: Db, request: SendRequest, options: FollowerSendOptions): Promise<SendOutcome> {
	const node = await newestNodePubkey(db);
	if (!node) throw new Refusal('conflict', 'actions.error.no_node');
	const info = await getInstanceInfo(db, node);
	if (!info) throw new Refusal('conflict', 'actions.error.no_instance_info');
	if (!(await leaderCanSign(db, request.signer.pubkey))) throw new Refusal('conflict', 'actions.error.key_not_shared');
	const subject = request.disputeId ? `dispute:${request.disputeId}` : request.orderId ? `order:${request.orderId}` : null;
	await db.transaction().execute(async (tx) => {
		await insertQueuedEntry(
			tx,
			{
				requestId: request.requestId,
				action: request.action,
				disputeId: request.disputeId ?? null,
				orderId: request.orderId ?? null,
				actorUserId: request.actor.userId,
				signerPubkey: request.signer.pubkey,
				request: { message: request.message, timeoutMs: request.timeoutMs ?? null },
				details: request.details ?? {}
			},
			Date.now()
		);
		await appendAudit(tx, request.actor, { action: `${request.action}.sent`, subject, details: { requestId: request.requestId, via: 'leader', ...request.details } });
	});
	return waitForOutcome(db, request, info.protocolVersion, options);
}

async function waitForOutcome(db: Db, request: SendRequest, transport: 1 | 2, options: FollowerSendOptions): Promise<SendOutcome> {
	const replyTimeout = request.timeoutMs ?? options.replyTimeoutMs;
	const started = Date.now();
	const claimBy = started + (options.claimWaitMs ?? CLAIM_WAIT_MS);
	const giveUpAt = claimBy + (options.unsentWaitMs ?? 60_000) + replyTimeout + SETTLE_MARGIN_MS;
	let sentSince: number | null = null;
	for (;;) {
		const row = await getJournalEntry(db, request.requestId);
		if (!row) throw new Error('a handed-off journal row disappeared');
		const now = Date.now();
		switch (row.state) {
			case 'acknowledged': {
				const reply = readReply(row);
				if (reply) return { state: 'acknowledged', reply };
				// Settled from public events before any reply: as on the leader, the wait saw no answer.
				return { state: 'no-answer', receipts: readReceipts(row), transport };
			}
			case 'refused':
				if (row.reason === 'no_leader') throw new Refusal('conflict', 'actions.error.no_leader');
				return { state: 'refused', reason: row.reason ?? 'unknown' };
			case 'no-answer':
			case 'reconciled':
				return { state: 'no-answer', receipts: readReceipts(row), transport };
			case 'sent':
				sentSince ??= now;
				if (now - sentSince > replyTimeout + SETTLE_MARGIN_MS) return settleUnanswered(db, request, row.action, transport);
				break;
			case 'queued':
				if (row.claimed_by === null && now >= claimBy) {
					const withdrawn = await db.transaction().execute(async (tx) => {
						if (!(await withdrawQueued(tx, request.requestId, 'no_leader', Date.now()))) return false;
						await appendAudit(tx, request.actor, { action: `${row.action}.withdrawn`, subject: row.dispute_id ? `dispute:${row.dispute_id}` : null, details: { requestId: request.requestId, reason: 'no_leader' } });
						return true;
					});
					if (withdrawn) throw new Refusal('conflict', 'actions.error.no_leader');
				}
				// Claimed by a leader that died before publishing: a later leader sends it; the caller stops waiting.
				if (now >= giveUpAt) return { state: 'no-answer', receipts: [], transport };
				break;
		}
		await sleep(options.pollMs ?? POLL_MS);
	}
}

/** The leader published but neither it nor the node settled the row in time: "no answer", once. */
async function settleUnanswered(db: Db, request: SendRequest, action: string, transport: 1 | 2): Promise<SendOutcome> {
	await db.transaction().execute(async (tx) => {
		if (await settleJournalEntry(tx, request.requestId, 'no-answer', null, Date.now())) {
			await appendAudit(tx, request.actor, { action: `${action}.no_answer`, subject: request.disputeId ? `dispute:${request.disputeId}` : null, details: { requestId: request.requestId } });
		}
	});
	const row = await getJournalEntry(db, request.requestId);
	const reply = row ? readReply(row) : null;
	if (row?.state === 'acknowledged' && reply) return { state: 'acknowledged', reply };
	if (row?.state === 'refused') return { state: 'refused', reason: row.reason ?? 'unknown' };
	return { state: 'no-answer', receipts: row ? readReceipts(row) : [], transport };
}
