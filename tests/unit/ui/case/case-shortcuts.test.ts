// The case page's keyboard shortcuts: a key typed in a field is never an action, modifiers are
// never shortcuts, Ctrl/Cmd+Enter is the send chord, and the overlay lists every action.
import { describe, expect, it } from 'vitest';
import { BOARD_SHORTCUTS, CASE_SHORTCUTS, caseActionFor, isSendChord } from '../../../../src/lib/ui/case/case-shortcuts.ts';

const press = (key: string, more: Partial<Parameters<typeof caseActionFor>[0]> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, targetTag: 'BODY', ...more });

describe('caseActionFor', () => {
	it.each([
		['?', 'help'],
		['b', 'buyer'],
		['s', 'seller'],
		['v', 'transcript'],
		['c', 'composer'],
		['t', 'take'],
		['d', 'decision'],
		['n', 'next'],
		['p', 'previous']
	])('%s → %s', (key, action) => {
		expect(caseActionFor(press(key))).toBe(action);
	});

	it('leaves keys typed in a field, with a modifier, or unknown alone', () => {
		for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(caseActionFor(press('b', { targetTag: tag }))).toBeNull();
		expect(caseActionFor(press('b', { targetEditable: true }))).toBeNull();
		expect(caseActionFor(press('c', { ctrlKey: true }))).toBeNull();
		expect(caseActionFor(press('d', { metaKey: true }))).toBeNull();
		expect(caseActionFor(press('x'))).toBeNull();
	});
});

describe('isSendChord', () => {
	it('is Ctrl+Enter or Cmd+Enter only', () => {
		expect(isSendChord({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
		expect(isSendChord({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
		expect(isSendChord({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
		expect(isSendChord({ key: 'a', ctrlKey: true, metaKey: false })).toBe(false);
	});
});

describe('the overlay lists', () => {
	it('every case action, the send chord and Escape', () => {
		const labels = CASE_SHORTCUTS.map((entry) => entry.label);
		for (const label of ['ws.keys.help', 'ws.keys.buyer', 'ws.keys.seller', 'ws.keys.composer', 'ws.keys.send', 'ws.keys.take', 'ws.keys.decision', 'ws.keys.next', 'ws.keys.previous', 'ws.keys.escape']) expect(labels).toContain(label);
		expect(BOARD_SHORTCUTS.map((entry) => entry.keys.join('+'))).toEqual(['j', 'k', 'Enter', '/', '?', 'Esc']);
	});
});
