// Human labels for raw protocol values (protocol-label.ts), in both languages: every order
// status has one, node actions and audit actions read as words, unknown values stay raw.
import { describe, expect, it } from 'vitest';
import { auditActionLabel, nodeActionLabel, orderStatusLabel } from '../../../src/lib/format/protocol-label.ts';
import { createTranslator, translate } from '../../../src/lib/i18n/index.ts';
import { ORDER_STATUSES } from '../../../src/lib/protocol/payload.ts';

const en = createTranslator('en');
const es = createTranslator('es');

describe('protocol labels', () => {
	it('labels every order status in both languages', () => {
		for (const status of ORDER_STATUSES) {
			expect(orderStatusLabel(en, status)).not.toBe(status);
			expect(orderStatusLabel(es, status)).not.toBe(status);
		}
		expect(orderStatusLabel(en, 'fiat-sent')).toBe('Fiat sent (the buyer says they paid)');
		expect(orderStatusLabel(es, 'fiat-sent')).toBe('Fiat enviado (el comprador dice que pagó)');
	});

	it('words the journal line without the raw action', () => {
		expect(translate('es', 'case.journal', { action: nodeActionLabel(es, 'admin-take-dispute'), state: translate('es', 'journal.acknowledged') })).toBe('Tomar la disputa: confirmada');
		expect(translate('en', 'case.journal', { action: nodeActionLabel(en, 'admin-settle'), state: translate('en', 'journal.sent') })).toBe('Pay the buyer: sent');
	});

	it('labels the audit actions the console writes that once showed raw on the audit page', () => {
		const actions = [
			'dispute.taken',
			'dispute.takeover',
			'evidence.exported_with_key',
			'login.password_ok',
			'notify.npub_removed',
			'notify.npub_verified',
			'settings.lnd_cleared',
			'settings.lnd_saved',
			'template.changed',
			'template.created',
			'template.deleted',
			'user.disabled',
			'user.enabled',
			'webhook.changed',
			'webhook.created',
			'webhook.deleted',
			'webhook.tested'
		];
		for (const action of actions) {
			expect(auditActionLabel(en, action)).not.toBe(action);
			expect(auditActionLabel(es, action)).not.toBe(action);
		}
		expect(auditActionLabel(es, 'settings.lnd_saved')).toBe('Ajustes del nodo Lightning guardados');
	});

	it('words audit actions, node actions with their state included', () => {
		expect(auditActionLabel(en, 'admin-settle.acknowledged')).toBe('Pay the buyer: acknowledged');
		expect(auditActionLabel(es, 'admin-take-dispute.no_answer')).toBe('Tomar la disputa: sin respuesta');
		expect(auditActionLabel(en, 'admin-add-solver')).toBe('Register a solver key');
		expect(auditActionLabel(es, 'user.role_changed')).toBe('Rol cambiado');
	});

	it('leaves a value it does not know as it is', () => {
		expect(orderStatusLabel(en, 'some-future-status')).toBe('some-future-status');
		expect(auditActionLabel(en, 'admin-future.sent')).toBe('admin-future.sent');
		expect(nodeActionLabel(es, 'admin-future')).toBe('admin-future');
	});
});
