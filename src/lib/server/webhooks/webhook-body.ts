// The JSON body of a webhook POST (issue 19 "Webhooks"): the event name, a delivery id, the time,
// the dispute's ids, status and amounts, a few non-secret details and a link to the case. Built
// from the case module's read of the dispute. Must never include a secret, a key, a pubkey's
// private half, chat text or a party's message: only what this file names.
import type { Db } from '../db/index.ts';
import { randomUUID } from 'node:crypto';
import { readCaseRecord } from '../cases/case-query.ts';
import type { WebhookFact } from './webhook-events.ts';
import { WEBHOOK_TEST_EVENT } from './webhook-events.ts';

export interface WebhookDisputeBody {
	id: string;
	orderId: string | null;
	status: string;
	amountSats: number | null;
	fiatCode: string | null;
	fiatAmount: number[];
	/** Whether one of the console's users holds it (never who). */
	held: boolean;
	escrowDeadline: number | null;
}

export interface WebhookBody {
	id: string;
	event: string;
	occurredAt: number;
	dispute: WebhookDisputeBody | null;
	detail: Record<string, string | number | boolean>;
	link: string | null;
}

function caseLink(origin: string | null, disputeId: string): string {
	return `${origin ?? ''}/disputes/${encodeURIComponent(disputeId)}`;
}

export async function buildWebhookBody(db: Db, fact: WebhookFact, origin: string | null, now: number): Promise<WebhookBody> {
	const record = await readCaseRecord(db, fact.disputeId);
	const dispute: WebhookDisputeBody | null = record
		? {
				id: record.dispute.id,
				orderId: record.dispute.orderId,
				status: record.dispute.status,
				amountSats: record.dispute.amountSats ?? record.order?.amountSats ?? null,
				fiatCode: record.order?.fiatCode ?? null,
				fiatAmount: record.order?.fiatAmount ?? [],
				held: record.dispute.holderUserId !== null,
				escrowDeadline: record.dispute.escrowDeadline
			}
		: null;
	return { id: randomUUID(), event: fact.event, occurredAt: now, dispute, detail: fact.detail, link: caseLink(origin, fact.disputeId) };
}

export function buildTestBody(origin: string | null, now: number): WebhookBody {
	return { id: randomUUID(), event: WEBHOOK_TEST_EVENT, occurredAt: now, dispute: null, detail: {}, link: origin === null ? null : `${origin}/settings/webhooks` };
}
