// Builds `Content-Disposition` header values for downloads (RFC 6266 §4, with the RFC 5987/8187
// `filename*` extended parameter): the real name percent-encoded as UTF-8, and an ASCII-only
// `filename` fallback for clients that ignore `filename*`. A header value can only carry bytes
// 0x20–0x7e here, so a non-Latin name (`Отчёт-банка.pdf`) must never reach the header raw.
// Never emits quotes, backslashes, control characters or path separators inside a name.

/** RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is percent-encoded. */
function encodeExtValue(text: string): string {
	return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The name reduced to printable ASCII (accents dropped, other letters as `_`), never empty. */
export function asciiFilename(name: string, fallback: string): string {
	const ascii = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/["\\/]/g, '_')
		.trim();
	// A name that kept nothing readable but its extension gets the fallback's stem.
	const stem = ascii.replace(/\.[A-Za-z0-9]{1,10}$/, '');
	if (ascii === '' || /^[_\s.-]*$/.test(stem)) {
		const extension = /\.[A-Za-z0-9]{1,10}$/.exec(ascii)?.[0] ?? '';
		return fallback.endsWith(extension) ? fallback : fallback + extension;
	}
	return ascii;
}

/**
 * `inline|attachment; filename="<ascii>"` plus `; filename*=UTF-8''<pct-encoded>` when the name
 * is not plain ASCII. `fallback` (ASCII) names the file when nothing of the name is readable.
 */
export function buildContentDisposition(disposition: 'inline' | 'attachment', filename: string, fallback: string): string {
	// Control characters are what this strips, on purpose.
	// eslint-disable-next-line no-control-regex
	const clean = filename.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').trim() || fallback;
	const ascii = asciiFilename(clean, fallback);
	const header = `${disposition}; filename="${ascii}"`;
	return ascii === clean ? header : `${header}; filename*=UTF-8''${encodeExtValue(clean)}`;
}
