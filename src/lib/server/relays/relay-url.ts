// Relay URL lists as people write them (comma, space or newline separated): split, dedupe,
// and name the first entry that is not a ws:// or wss:// URL. Pure; callers turn the bad
// entry into their own typed error.
export function splitRelayList(text: string): { relays: string[]; invalid: string | null } {
	const relays = [
		...new Set(
			text
				.split(/[\s,]+/)
				.map((item) => item.trim())
				.filter(Boolean)
		)
	];
	const invalid = relays.find((relay) => {
		const url = URL.parse(relay);
		return !url || (url.protocol !== 'wss:' && url.protocol !== 'ws:');
	});
	return { relays, invalid: invalid ?? null };
}
