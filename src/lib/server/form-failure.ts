// Maps expected refusals to form-action failures with a translated message; anything
// else is rethrown for handleError (a bug, logged with a request id).
import { fail, type ActionFailure } from '@sveltejs/kit';
import { translate, type Locale } from '$lib/i18n';
import { isRefusal } from './errors.ts';

export interface FormProblem {
	code: string;
	message: string;
	field: string | null;
}

/** `kept` goes back with the failure (what the user typed, which form), so the form can show it again. */
export function toFailure<K extends Record<string, unknown> = Record<never, never>>(error: unknown, locale: Locale, kept?: K): ActionFailure<{ problem: FormProblem } & K> {
	if (!isRefusal(error)) throw error;
	return fail(error.status, { ...(kept as K), problem: { code: error.code, message: translate(locale, error.messageKey, error.params), field: error.field } });
}

/**
 * A refusal of one form of a page, with what the user typed: `form` names the form (a page may
 * hold several), `values` the fields to show again (never a password, key or other secret).
 */
export function toFormFailure(error: unknown, locale: Locale, form: string, values: Record<string, string> = {}): ActionFailure<{ problem: FormProblem; form: string; values: Record<string, string> }> {
	return toFailure(error, locale, { form, values });
}

/** Reads a text field; absent or non-text values become the empty string. */
export function formText(data: FormData, name: string, maxLength = 1000): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

/** A form's text fields as one record for a shared `parse*` (files and repeated names dropped). */
export function formFields(data: FormData): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const [name, value] of data) if (typeof value === 'string' && !(name in fields)) fields[name] = value;
	return fields;
}

export function clientAddress(getClientAddress: () => string): string {
	try {
		return getClientAddress();
	} catch {
		return 'unknown';
	}
}
