// Only same-site relative paths are followed after login or a language switch, so a
// crafted link cannot send a user to another site.
export function safeRedirectPath(value: unknown, fallback = '/disputes'): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	return value;
}
