// Template placeholders: unknown names are found (each once, in order) and known ones filled
// from the case; a missing value keeps its placeholder, and a filled value is never re-read.
import { describe, expect, it } from 'vitest';
import { fillTemplate, unknownPlaceholders } from '../../../src/lib/templates/template-text.ts';

describe('unknownPlaceholders', () => {
	it('lists the names that are not placeholders', () => {
		expect(unknownPlaceholders('Order {order_id}: pay {fiat} before {deadline} ({amount}).')).toEqual([]);
		expect(unknownPlaceholders('Hi {name}, order {order_id}, {name} again, {Amount} and {}')).toEqual(['name', 'Amount', '']);
		expect(unknownPlaceholders('A brace { alone } is text')).toEqual([]);
	});
});

describe('fillTemplate', () => {
	it('fills every known placeholder it has a value for', () => {
		const body = 'Order {order_id}: {fiat} ({amount}), answer before {deadline}.';
		expect(fillTemplate(body, { order_id: 'abc', fiat: '100 EUR', amount: '150,000 sats', deadline: '2 Dec, 19:00' })).toBe('Order abc: 100 EUR (150,000 sats), answer before 2 Dec, 19:00.');
	});

	it('keeps a placeholder the case cannot fill yet, and unknown names as written', () => {
		expect(fillTemplate('Before {deadline}, {who}: {fiat}', { deadline: null, fiat: '5 USD' })).toBe('Before {deadline}, {who}: 5 USD');
	});

	it('never reads a filled value as a placeholder', () => {
		expect(fillTemplate('{fiat} {amount}', { fiat: '{amount}', amount: '1 sats' })).toBe('{amount} 1 sats');
	});
});
