// What an imported chat key lets the console read (PROTOCOL.md §5.5): the K_conv channel view
// (with pub(K_sign), pasted or discovered), the raw ECDH secret for legacy gift wraps and
// attachments, and the relay filters to ask with. Built from a classification at import and
// rebuilt from the sealed secret at refresh. Secrets stay in server memory and are wiped by
// the caller; nothing here is logged.
import { decryptNip44 } from '../../protocol/nip44.ts';
import { parseEvent } from '../../protocol/event.ts';
import { deriveChatKeys, legacySharedPubkey, selfConversationKey } from '../../protocol/chat/keys.ts';
import { LEGACY_BLUR_SECS, type RelayFilter } from '../../protocol/chat/evidence.ts';
import { getPubkey } from '../../protocol/keys.ts';
import { buildChatChannelView, type ChatChannelView } from '../../protocol/chat/unwrap.ts';

export type EvidenceKeyKind = 'k_conv' | 'ecdh_secret' | 'legacy_shared';

export interface KeyMaterial {
	/** The interpretation tried or kept; `ecdh_secret` also reads legacy gift wraps. */
	kind: 'k_conv' | 'ecdh_secret';
	convSecret: Uint8Array;
	convPubkey: string;
	/** pub(K_sign): derived for a raw ECDH secret, discovered from events for a K_conv. */
	signPubkey: string | null;
	view: ChatChannelView | null;
	/** Raw ECDH secret (legacy reads and attachments); null for a K_conv. */
	shared: Uint8Array | null;
	legacyPubkey: string | null;
}

export function materialFromKConv(secret: Uint8Array, signPubkey: string | null): KeyMaterial {
	const convPubkey = getPubkey(secret);
	return { kind: 'k_conv', convSecret: secret, convPubkey, signPubkey, view: signPubkey ? buildChatChannelView(secret, signPubkey) : null, shared: null, legacyPubkey: null };
}

export function materialFromShared(shared: Uint8Array): KeyMaterial {
	const d = deriveChatKeys(shared);
	d.signSecret.fill(0);
	return {
		kind: 'ecdh_secret',
		convSecret: d.convSecret,
		convPubkey: d.convPubkey,
		signPubkey: d.signPubkey,
		view: buildChatChannelView(d.convSecret, d.signPubkey),
		shared,
		legacyPubkey: legacySharedPubkey(shared)
	};
}

/** Relay filters for a material over [since, now]; legacy gift wraps reach back two more days. */
export function filtersFor(m: KeyMaterial, since: number | null): RelayFilter[] {
	const at = (f: RelayFilter, legacy = false): RelayFilter => (since === null ? f : { ...f, since: Math.max(0, legacy ? since - LEGACY_BLUR_SECS : since) });
	const filters: RelayFilter[] = [at({ kinds: [14], '#p': [m.convPubkey] })];
	if (m.signPubkey) filters.push(at({ kinds: [14], authors: [m.signPubkey] }));
	if (m.legacyPubkey) filters.push(at({ kinds: [1059], '#p': [m.legacyPubkey] }, true));
	return filters;
}

/**
 * K_conv discovery without a signature check per event (cheap: one decrypt each): authors of
 * kind-14 events tagged to pub(K_conv) whose content self-decrypts to an event signed (as it
 * claims) by an allowed signer, most frequent first. The survivors are fully validated later.
 */
export function discoverSignAuthors(events: Iterable<unknown>, convSecret: Uint8Array, allowedSigners: ReadonlySet<string>): string[] {
	const conversationKey = selfConversationKey(convSecret);
	const counts = new Map<string, number>();
	const tried = new Map<string, number>();
	for (const input of events) {
		const e = input as { kind?: unknown; pubkey?: unknown; content?: unknown } | null;
		if (e?.kind !== 14 || typeof e.pubkey !== 'string' || typeof e.content !== 'string') continue;
		// Bounded work per author: a flooder cannot make us decrypt all of its junk.
		const n = (tried.get(e.pubkey) ?? 0) + 1;
		tried.set(e.pubkey, n);
		if (n > 8 && !counts.has(e.pubkey)) continue;
		if (counts.has(e.pubkey)) {
			counts.set(e.pubkey, (counts.get(e.pubkey) ?? 0) + 1);
			continue;
		}
		try {
			const inner = parseEvent(JSON.parse(decryptNip44(e.content, conversationKey)));
			if (allowedSigners.has(inner.pubkey)) counts.set(e.pubkey, 1);
		} catch {
			// not this conversation
		}
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([author]) => author);
}

export function wipeMaterial(m: KeyMaterial): void {
	m.convSecret.fill(0);
	m.shared?.fill(0);
}
