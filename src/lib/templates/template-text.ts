// Message templates' text rules (issue 17 "Templates in the party's language"): the placeholders a
// body may hold, finding unknown ones, and filling them from the case. Pure: no I/O, no clock;
// shared by the Settings form check on the server and the composer in the browser. A value the
// case does not know yet leaves its placeholder in the text for the mediator to complete; a
// filled value is inserted as plain text, never interpreted.
export const PLACEHOLDERS = ['order_id', 'amount', 'fiat', 'deadline'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Longest name and body an operator may store (a filled body still fits the 4000-character composer). */
export const NAME_MAX = 80;
export const BODY_MAX = 2000;

const PLACEHOLDER_PATTERN = /\{([^{}\s]*)\}/g;

export function isPlaceholder(name: string): name is Placeholder {
	return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** The `{names}` in a body that are not placeholders, in order of first appearance. */
export function unknownPlaceholders(body: string): string[] {
	const unknown: string[] = [];
	for (const match of body.matchAll(PLACEHOLDER_PATTERN)) {
		const name = match[1] ?? '';
		if (!isPlaceholder(name) && !unknown.includes(name)) unknown.push(name);
	}
	return unknown;
}

export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

/** The body with every known placeholder that has a value replaced by it (in one pass: a value is never re-read as a placeholder). */
export function fillTemplate(body: string, values: PlaceholderValues): string {
	return body.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
		if (!isPlaceholder(name)) return whole;
		const value = values[name];
		return value === null || value === undefined || value === '' ? whole : value;
	});
}
