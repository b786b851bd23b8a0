// Only same-origin paths are followed after login or a language switch, so a crafted
// link cannot send a user to another site. The value is parsed the way a browser would
// (`new URL(value, origin)`) and must keep the console's origin; control characters and
// whitespace (which browsers strip, turning `/\t/evil` into `//evil`) are refused outright.
const PLACEHOLDER_ORIGIN = 'http://console.invalid';

export function safeRedirectPath(value: unknown, fallback = '/disputes'): string {
	if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
	if (!value.startsWith('/') || /[\s\p{Cc}\\]/u.test(value)) return fallback;
	let parsed: URL;
	try {
		parsed = new URL(value, PLACEHOLDER_ORIGIN);
	} catch {
		return fallback;
	}
	if (parsed.origin !== PLACEHOLDER_ORIGIN) return fallback;
	const path = parsed.pathname + parsed.search + parsed.hash;
	if (path.startsWith('//')) return fallback;
	return path;
}
