// The node's assistant solver (Serbero) writing to human solvers (UPSTREAM-0.19.md §8): a kind-14
// message signed by the assistant's own key, wrapper `dm`, action `send-dm`, payload
// `{"text_message":"…"}`, text beginning `Dispute <uuid> · <subject>` (first line), then a body.
// Pure: recognises the shape and classifies the subject. The text is untrusted: it is capped,
// never interpreted as markup, and a `taken` subject only names the assistant when it says so.
import type { Message } from '../message.ts';

/** Longest text kept from one message (a handoff transcript can be long). */
export const MAX_ASSISTANT_TEXT = 16_000;
const MAX_SUBJECT = 200;

export type AssistantSubject = 'new' | 'unattended' | 'taken' | 'mediating' | 'handed-off' | 'could-not-start' | 'resolved' | 'transcript' | 'update' | 'other';

export interface AssistantDm {
	disputeId: string;
	/** The subject line as written (after `·`), capped. */
	subject: string;
	kind: AssistantSubject;
	/** Everything after the first line, capped. */
	body: string;
	/** For `taken`: who the text says took the dispute; null when it does not say. */
	takenBy: 'assistant' | 'solver' | null;
}

const HEAD = /^Dispute ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*[·•]\s*(.*)$/i;

/** What a subject line is about (the assistant's subjects, UPSTREAM-0.19.md §8); 'other' when unknown. */
export function classifyAssistantSubject(subject: string): AssistantSubject {
	const s = subject.toLowerCase();
	if (/^new\b/.test(s)) return 'new';
	if (/^unattended\b/.test(s)) return 'unattended';
	if (/^taken\b/.test(s)) return 'taken';
	if (/^mediat/.test(s)) return 'mediating';
	if (/^handed off\b/.test(s) || /^handoff\b/.test(s)) return 'handed-off';
	if (/could not start/.test(s)) return 'could-not-start';
	if (/^resolved\b/.test(s)) return 'resolved';
	if (/^transcript\b/.test(s)) return 'transcript';
	if (/new messages since/.test(s)) return 'update';
	return 'other';
}

function takenBy(text: string): 'assistant' | 'solver' | null {
	const s = text.toLowerCase();
	if (/\b(by|to) (the )?(serbero|assistant)\b|\b(serbero|the assistant) took\b/.test(s)) return 'assistant';
	if (/\bby (a |the |another )?(human )?solver\b|\bsolver took\b/.test(s)) return 'solver';
	return null;
}

/** The text of a `send-dm` message, or null for any other message. */
export function readSendDmText(m: Message): string | null {
	if (m.variant !== 'dm' || m.kind.action !== 'send-dm') return null;
	const p = m.kind.payload;
	if (p === null || typeof p !== 'object' || !('text_message' in p) || typeof p.text_message !== 'string') return null;
	return p.text_message;
}

/** Parses the text of an assistant message; null when it does not start `Dispute <uuid> ·`. */
export function parseAssistantDmText(text: unknown): AssistantDm | null {
	if (typeof text !== 'string') return null;
	const capped = text.slice(0, MAX_ASSISTANT_TEXT);
	const newline = capped.search(/\r?\n/);
	const first = newline === -1 ? capped : capped.slice(0, newline);
	const head = HEAD.exec(first.trim());
	if (!head) return null;
	const subject = (head[2] ?? '').trim().slice(0, MAX_SUBJECT);
	const body = newline === -1 ? '' : capped.slice(newline).replace(/^\r?\n/, '');
	const kind = classifyAssistantSubject(subject);
	return {
		disputeId: (head[1] as string).toLowerCase(),
		subject,
		kind,
		body,
		takenBy: kind === 'taken' ? takenBy(`${subject}\n${body}`) : null
	};
}
