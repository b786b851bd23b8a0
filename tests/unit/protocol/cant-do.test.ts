import { describe, expect, it } from 'vitest';
import { CANT_DO_REASONS, describeCantDo, normalizeCantDoReason } from '../../../src/lib/protocol/cant-do.ts';

describe('CantDo reasons', () => {
	it('has text in all four languages for every reason, and they differ', () => {
		expect(CANT_DO_REASONS.length).toBe(36);
		for (const r of CANT_DO_REASONS) {
			const texts = (['en', 'es', 'pt', 'it'] as const).map((locale) => describeCantDo(r, locale));
			for (const text of texts) {
				expect(text.length).toBeGreaterThan(5);
				expect(text).not.toContain(r);
			}
			expect(new Set(texts).size).toBe(4);
		}
	});
	it('null means invalid_action; kebab-case is normalized; unknown kept raw', () => {
		expect(normalizeCantDoReason(null)).toBe('invalid_action');
		expect(normalizeCantDoReason('not-allowed-by-status')).toBe('not_allowed_by_status');
		expect(normalizeCantDoReason('brand_new')).toBe('brand_new');
		expect(describeCantDo('brand_new', 'es')).toContain('brand_new');
		expect(describeCantDo('brand_new', 'pt')).toBe('O nó recusou a solicitação (motivo: brand_new).');
		expect(describeCantDo('brand_new', 'it')).toBe('Il nodo ha rifiutato la richiesta (motivo: brand_new).');
	});
	it('maintenance_mode (v0.19) is a known reason, in words in both languages', () => {
		expect(normalizeCantDoReason('maintenance_mode')).toBe('maintenance_mode');
		expect(describeCantDo('maintenance_mode', 'en')).toMatch(/maintenance/);
		expect(describeCantDo('maintenance_mode', 'en')).not.toMatch(/reason:/);
		expect(describeCantDo('maintenance_mode', 'es')).toMatch(/mantenimiento/);
		expect(describeCantDo('maintenance_mode', 'pt')).toMatch(/manutenção/);
		expect(describeCantDo('maintenance_mode', 'it')).toMatch(/manutenzione/);
	});
});
