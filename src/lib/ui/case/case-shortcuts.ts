// The keyboard shortcuts of the case workspace and of the board: which key does what (the `?`
// overlay lists these same entries) and the choice of an action for a key press. Pure: it reads
// a key and where it was typed, never touches the page. A key typed in a field is never an action
// (the field keeps it), except Ctrl+Enter (send), which the composer handles itself.
import type { MessageKey } from '$lib/i18n';

export type CaseAction = 'help' | 'buyer' | 'seller' | 'transcript' | 'composer' | 'take' | 'decision' | 'next' | 'previous';

export interface ShortcutEntry {
	keys: string[];
	label: MessageKey;
}

const CASE_KEYS: ReadonlyArray<{ key: string; action: CaseAction }> = [
	{ key: '?', action: 'help' },
	{ key: 'b', action: 'buyer' },
	{ key: 's', action: 'seller' },
	{ key: 'v', action: 'transcript' },
	{ key: 'c', action: 'composer' },
	{ key: 't', action: 'take' },
	{ key: 'd', action: 'decision' },
	{ key: 'n', action: 'next' },
	{ key: 'p', action: 'previous' }
];

const LABELS: Record<CaseAction, MessageKey> = {
	help: 'ws.keys.help',
	buyer: 'ws.keys.buyer',
	seller: 'ws.keys.seller',
	transcript: 'ws.keys.transcript',
	composer: 'ws.keys.composer',
	take: 'ws.keys.take',
	decision: 'ws.keys.decision',
	next: 'ws.keys.next',
	previous: 'ws.keys.previous'
};

/** Every shortcut of the case page, in the order the overlay lists them. */
export const CASE_SHORTCUTS: readonly ShortcutEntry[] = [...CASE_KEYS.map(({ key, action }) => ({ keys: [key], label: LABELS[action] })), { keys: ['Ctrl', 'Enter'], label: 'ws.keys.send' }, { keys: ['Esc'], label: 'ws.keys.escape' }];

/** Every shortcut of the board. */
export const BOARD_SHORTCUTS: readonly ShortcutEntry[] = [
	{ keys: ['j'], label: 'ws.keys.board_next' },
	{ keys: ['k'], label: 'ws.keys.board_previous' },
	{ keys: ['Enter'], label: 'ws.keys.board_open' },
	{ keys: ['/'], label: 'ws.keys.board_search' },
	{ keys: ['?'], label: 'ws.keys.help' },
	{ keys: ['Esc'], label: 'ws.keys.escape' }
];

export interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	/** The tag name of the element the key was typed in (upper case, as the DOM gives it). */
	targetTag: string | null;
	targetEditable?: boolean;
}

/** True when the key was typed into something that takes text (the key belongs to it). */
export function typedInField(press: Pick<KeyPress, 'targetTag' | 'targetEditable'>): boolean {
	return press.targetEditable === true || press.targetTag === 'INPUT' || press.targetTag === 'TEXTAREA' || press.targetTag === 'SELECT';
}

/** The case page action for a key press, or null when the key is not a shortcut here. */
export function caseActionFor(press: KeyPress): CaseAction | null {
	if (press.ctrlKey || press.metaKey || press.altKey || typedInField(press)) return null;
	return CASE_KEYS.find((entry) => entry.key === press.key)?.action ?? null;
}

/** True for Ctrl+Enter (or Cmd+Enter): send the message being written. */
export function isSendChord(press: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey'>): boolean {
	return press.key === 'Enter' && (press.ctrlKey || press.metaKey);
}
