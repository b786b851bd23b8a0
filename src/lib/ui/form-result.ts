// Reads a form action's answer for one form of a page (issue 17 "the same for every settings
// form"): the refusal of that form, tied to one of its fields or to the form as a whole, and
// what the user typed (the server sends it back with the failure as `values`, never a secret).
// Pages hold several forms and one `form` prop; `form` (the id) says which form failed. Must
// never show one form's problem beside another form's field.

export interface FieldProblem {
	message: string;
	field: string | null;
}

function failureOf(result: unknown, formId: string): { problem: FieldProblem; values: Record<string, unknown> } | null {
	if (typeof result !== 'object' || result === null) return null;
	const r = result as { form?: unknown; problem?: unknown; values?: unknown };
	if (r.form !== formId || typeof r.problem !== 'object' || r.problem === null) return null;
	const p = r.problem as { message?: unknown; field?: unknown };
	if (typeof p.message !== 'string') return null;
	const values = typeof r.values === 'object' && r.values !== null ? (r.values as Record<string, unknown>) : {};
	return { problem: { message: p.message, field: typeof p.field === 'string' ? p.field : null }, values };
}

/** The message to show beside `field` of `formId`, or null. */
export function fieldError(result: unknown, formId: string, field: string): string | null {
	const failure = failureOf(result, formId);
	return failure?.problem.field === field ? failure.problem.message : null;
}

/** The refusal of `formId` that belongs to none of `fields` (shown above the form), or null. */
export function formError(result: unknown, formId: string, fields: readonly string[]): string | null {
	const failure = failureOf(result, formId);
	if (!failure) return null;
	return failure.problem.field !== null && fields.includes(failure.problem.field) ? null : failure.problem.message;
}

/** What the user typed into `field` when `formId` was refused, else `fallback` (the stored value). */
export function keptValue(result: unknown, formId: string, field: string, fallback: string): string {
	const kept = failureOf(result, formId)?.values[field];
	return typeof kept === 'string' ? kept : fallback;
}

/** The attributes that tie an input to its error message (ids are `${id}-error`). */
export function invalidAttrs(message: string | null, id: string): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
	return message ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {};
}
