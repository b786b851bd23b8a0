// Human words for raw protocol and audit values (order statuses such as `fiat-sent`, node
// actions such as `admin-settle`, audit actions such as `admin-settle.acknowledged`), from the
// i18n dictionaries. A value with no label is shown as it is; callers keep the raw value in a
// tooltip. Shared and pure: it only looks words up.
import { isMessageKey } from '../i18n/index.ts';

type T = (key: string, params?: Record<string, string | number>) => string;

function lookup(t: T, key: string): string | null {
	return isMessageKey(key) ? t(key) : null;
}

/** An order status (`fiat-sent` → "Fiat sent (the buyer says they paid)"). */
export function orderStatusLabel(t: T, status: string): string {
	return lookup(t, `order_status.${status}`) ?? status;
}

/** A node action from the journal (`admin-take-dispute` → "Take the dispute"). */
export function nodeActionLabel(t: T, action: string): string {
	return lookup(t, `action.${action}`) ?? action;
}

/**
 * An audit log action: its own label (`user.created`), or a node action with the journal
 * state it reached (`admin-settle.acknowledged` → "Pay the buyer: acknowledged").
 */
export function auditActionLabel(t: T, action: string): string {
	const own = lookup(t, `audit_action.${action}`);
	if (own !== null) return own;
	const dot = action.lastIndexOf('.');
	if (dot > 0) {
		const base = lookup(t, `action.${action.slice(0, dot)}`);
		const state = lookup(t, `audit_state.${action.slice(dot + 1)}`);
		if (base !== null && state !== null) return `${base}: ${state}`;
	}
	return lookup(t, `action.${action}`) ?? action;
}
