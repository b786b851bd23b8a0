// Every live topic the server pushes on /api/live and the payload each one carries (issue 13
// "typed domain events"). Shared by the server's live hub and the browser's live feed, so a
// payload change breaks the compile on both sides. Carries ids and statuses only, never a
// secret. Must never import server code: the browser bundles this module.

/** What happened to a dispute; pages refresh on any of them, the board also announces `opened`. */
export type DisputeChange = 'revised' | 'taken' | 'proposed' | 'proposal-rejected' | 'proposal-withdrawn' | 'decision-sent' | 'decided' | 'escrow-checked' | 'closed-by-parties' | 'reconciled' | 'assistant' | 'note' | 'handover';

export type DisputeTopicPayload = { id: string; change: 'revised'; status: string; initiator: 'buyer' | 'seller' | null; isNew: boolean } | { id: string; change: Exclude<DisputeChange, 'revised'> };

export interface TopicPayload {
	dispute: DisputeTopicPayload;
	order: { id: string; status: string };
	instance: { protocolVersion: number; pow: number; maintenance: boolean };
	health: Record<string, never>;
	/** `in`: a party wrote; `out`: the console (or the solver key elsewhere) wrote to the party. */
	chat: { disputeId: string; party: 'buyer' | 'seller'; direction: 'in' | 'out' };
	/** Sent only to the streams of the user it is addressed to. */
	notice: { disputeId: string | null };
	/** A four-eyes proposal waits for review, or no longer does: each browser recounts its "Needs my review". */
	review: { disputeId: string; change: ReviewChange };
}

export type ReviewChange = 'proposed' | 'approved' | 'rejected' | 'withdrawn';
const REVIEW_CHANGES: readonly ReviewChange[] = ['proposed', 'approved', 'rejected', 'withdrawn'];

export type Topic = keyof TopicPayload;

/** Topics addressed to one user; every other topic goes to every signed-in stream. */
export type UserTopic = 'notice';
export type BroadcastTopic = Exclude<Topic, UserTopic>;

export const TOPICS = ['dispute', 'order', 'instance', 'health', 'chat', 'notice', 'review'] as const satisfies readonly Topic[];

/** One message as the browser's live feed hands it to a page; `reset` means "reload your data". */
export type LiveEvent = { [T in Topic]: { topic: T; data: TopicPayload[T] } }[Topic] | { topic: 'reset'; data: Record<string, never> };

const DISPUTE_CHANGES: readonly DisputeChange[] = ['revised', 'taken', 'proposed', 'proposal-rejected', 'proposal-withdrawn', 'decision-sent', 'decided', 'escrow-checked', 'closed-by-parties', 'reconciled', 'assistant', 'note', 'handover'];

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;
const count = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseDispute(data: Fields): DisputeTopicPayload | null {
	const change = DISPUTE_CHANGES.find((known) => known === data.change);
	if (!text(data.id) || !change) return null;
	if (change !== 'revised') return { id: data.id, change };
	if (!text(data.status) || typeof data.isNew !== 'boolean') return null;
	const initiator = data.initiator === 'buyer' || data.initiator === 'seller' ? data.initiator : null;
	return { id: data.id, change, status: data.status, initiator, isNew: data.isNew };
}

/** Parses one received message (topic + JSON text); null for an unknown topic or a payload of the wrong shape. */
export function parseLiveEvent(topic: string, json: string): LiveEvent | null {
	if (topic === 'reset') return { topic, data: {} };
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch {
		return null;
	}
	if (!isFields(data)) return null;
	switch (topic) {
		case 'dispute': {
			const parsed = parseDispute(data);
			return parsed && { topic, data: parsed };
		}
		case 'order':
			return text(data.id) && text(data.status) ? { topic, data: { id: data.id, status: data.status } } : null;
		case 'instance':
			return count(data.protocolVersion) && count(data.pow) && typeof data.maintenance === 'boolean' ? { topic, data: { protocolVersion: data.protocolVersion, pow: data.pow, maintenance: data.maintenance } } : null;
		case 'health':
			return { topic, data: {} };
		case 'chat':
			return text(data.disputeId) && (data.party === 'buyer' || data.party === 'seller') && (data.direction === 'in' || data.direction === 'out')
				? { topic, data: { disputeId: data.disputeId, party: data.party, direction: data.direction } }
				: null;
		case 'notice':
			return { topic, data: { disputeId: text(data.disputeId) ? data.disputeId : null } };
		case 'review': {
			const change = REVIEW_CHANGES.find((known) => known === data.change);
			return text(data.disputeId) && change ? { topic, data: { disputeId: data.disputeId, change } } : null;
		}
		default:
			return null;
	}
}

/** The dispute a message is about, if any (the case page refreshes on its own dispute only). */
export function disputeIdOf(event: LiveEvent): string | null {
	if (event.topic === 'dispute') return event.data.id;
	if (event.topic === 'chat') return event.data.disputeId;
	return null;
}
