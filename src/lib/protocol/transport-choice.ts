// Which transport to speak to a node, from its kind-38385 info (PROTOCOL.md §2.1;
// UPSTREAM-0.19.md §2.1): `protocol_version` "2" → v2 (kind 14); a daemon of version 0.19 or
// newer → v2 whatever the tag says (v1 was removed and a gift wrap only gets silence); otherwise
// v1 (gift wrap). Pure; must never fall back to the other transport because a node was silent.

export type TransportReason =
	/** The node advertises `protocol_version` "2". */
	| 'advertised_v2'
	/** No usable `protocol_version` but `mostro_version` ≥ 0.19, which only speaks v2. */
	| 'v019_default'
	/** No `protocol_version` tag and no version ≥ 0.19: an older daemon (gift wrap). */
	| 'no_protocol_tag'
	/** A `protocol_version` other than "2" from a daemon older than 0.19 (or of unknown version). */
	| 'advertised_other';

export interface TransportChoice {
	transport: 1 | 2;
	reason: TransportReason;
}

/** True for "0.19", "0.19.2", "1.0.0", "v0.20.1-rc1"…; false for older or unparseable versions. */
export function isV019OrNewer(version: string | null | undefined): boolean {
	const m = /^v?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
	if (!m) return false;
	const major = Number(m[1]);
	const minor = Number(m[2]);
	return major > 0 || minor >= 19;
}

export function chooseTransport(info: { protocolVersionRaw: string | null; mostroVersion: string | null }): TransportChoice {
	const raw = info.protocolVersionRaw?.trim() ?? null;
	if (raw === '2') return { transport: 2, reason: 'advertised_v2' };
	if (isV019OrNewer(info.mostroVersion)) return { transport: 2, reason: 'v019_default' };
	return { transport: 1, reason: raw === null ? 'no_protocol_tag' : 'advertised_other' };
}
