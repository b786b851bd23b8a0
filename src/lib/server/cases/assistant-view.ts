// What the case page shows of the node's assistant solver (UPSTREAM-0.19.md §8): whether it holds
// the dispute, and its messages to our solvers for the timeline (plain text, capped). Reads only.
import type { Db } from '../db/index.ts';
import { loadAssistantHolds } from './assistant-holder.ts';
import { listAssistantMessages, type AssistantMessageView } from './assistant-messages.ts';

/** Characters of one message the timeline shows (the rest stays stored). */
export const TIMELINE_TEXT_CHARS = 2000;

export interface CaseAssistantView {
	/** The assistant holds the dispute (in-progress, no console holder, learned from its own message). */
	holds: boolean;
	messages: AssistantMessageView[];
}

export async function loadCaseAssistant(db: Db, nodePubkey: string | null, disputeId: string): Promise<CaseAssistantView> {
	const [{ held }, messages] = await Promise.all([loadAssistantHolds(db, nodePubkey, [disputeId]), listAssistantMessages(db, disputeId)]);
	return { holds: held.has(disputeId), messages: messages.map((m) => ({ ...m, body: m.body.slice(0, TIMELINE_TEXT_CHARS) })) };
}
