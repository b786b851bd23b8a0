// The composer's template text: the chosen language's body with the case's facts filled in (sats
// written the way that language writes numbers), English when that language has no text, and
// placeholders left for the mediator when the case does not know a fact yet.
import { describe, expect, it } from 'vitest';
import { composeFromTemplate, templateName } from '../../../src/lib/templates/composer-template.ts';

const template = {
	names: { en: 'Deadline', es: 'Plazo', pt: '', it: '' },
	bodies: { en: 'Order {order_id}: {fiat}, {amount}, before {deadline}.', es: 'Orden {order_id}: {fiat}, {amount}, antes de {deadline}.', pt: '', it: 'Ordine {order_id}: {amount}.' }
};
const facts = { orderId: 'f00d', amountSats: 1234567, fiat: '100 EUR', deadlineMs: Date.UTC(2026, 11, 2, 19, 0) };

describe('composeFromTemplate', () => {
	it('fills the chosen language with the case facts', () => {
		expect(composeFromTemplate(template, 'en', facts)).toEqual({ text: 'Order f00d: 100 EUR, 1,234,567 sats, before 2026-12-02 19:00 UTC.', language: 'en' });
		expect(composeFromTemplate(template, 'es', facts).text).toMatch(/^Orden f00d: 100 EUR, 1.234.567 sats, antes de 2026-12-02 19:00 UTC\.$/);
		expect(composeFromTemplate(template, 'it', facts)).toEqual({ text: 'Ordine f00d: 1.234.567 sats.', language: 'it' });
	});

	it('falls back to English when the language has no text', () => {
		expect(composeFromTemplate(template, 'pt', facts)).toMatchObject({ language: 'en' });
	});

	it('leaves the placeholders the case cannot fill yet', () => {
		expect(composeFromTemplate(template, 'en', { orderId: null, amountSats: null, fiat: null, deadlineMs: null }).text).toBe('Order {order_id}: {fiat}, {amount}, before {deadline}.');
	});
});

describe('templateName', () => {
	it('names the template in the interface language, else English', () => {
		expect(templateName(template, 'es')).toBe('Plazo');
		expect(templateName(template, 'it')).toBe('Deadline');
	});
});
