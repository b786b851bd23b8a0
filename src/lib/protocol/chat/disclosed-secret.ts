// Spotting a chat key a party pasted into a dispute-chat message (PRODUCT.md capability 5, the
// one-click import; the console accepts it as hex, 0x-hex or nsec). Small and dependency-free
// so the chat pane can offer the import without loading any curve code. Must never decide what
// the secret is: classification (chat/evidence.ts) does that on the server.
const SECRET_IN_TEXT = /(?:^|[^0-9a-fA-F])((?:0x)?[0-9a-fA-F]{64})(?![0-9a-fA-F])|(nsec1[02-9ac-hj-np-z]{58})/;

/**
 * The first thing in a party's message that looks like a disclosed secret (64 hex characters,
 * optionally `0x`-prefixed, or an `nsec1…`), or null. Only a candidate: classification decides.
 */
export function findDisclosedSecret(text: string): string | null {
	const m = SECRET_IN_TEXT.exec(text);
	return m?.[1] ?? m?.[2] ?? null;
}
