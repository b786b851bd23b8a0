// Evidence key classification: a 32-byte secret pasted by a party may be K_conv (mostrix,
// spec), the raw ECDH secret (Mostro Mobile) or a G1 legacy shared key. Produce every
// interpretation with the relay filters it implies, and help pick the one that has events
// (PROTOCOL.md §5.5, §8 #6). Must never query relays itself or keep the secret beyond the result.
import { ProtocolError } from '../errors.ts';
import { parseEvent, type NostrEvent } from '../event.ts';
import { decryptNip44 } from '../nip44.ts';
import { getPubkey, isValidScalar, parsePubkey, parseSecretKey } from '../keys.ts';
import { deriveChatKeys, legacySharedPubkey, selfConversationKey } from './keys.ts';
import { buildChatChannelView, type ChatChannelView } from './unwrap.ts';

/** NIP-01 filter subset used by this library. */
export interface RelayFilter {
	kinds: number[];
	authors?: string[];
	'#p'?: string[];
	since?: number;
	until?: number;
	limit?: number;
}

export interface EvidenceCapabilities {
	readCurrent: boolean;
	readLegacy: boolean;
	/** Can post outer envelopes as "the conversation" (not as a party). */
	postEnvelopes: boolean;
	decryptAttachments: boolean;
}

export type EvidenceInterpretation =
	| {
			kind: 'k_conv';
			convSecret: Uint8Array;
			convPubkey: string;
			/** Unknown until learned from events that self-decrypt (see discoverSignPubkeys). */
			signPubkey: null;
			filters: RelayFilter[];
			capabilities: EvidenceCapabilities;
	  }
	| {
			kind: 'ecdh_secret';
			shared: Uint8Array;
			convSecret: Uint8Array;
			convPubkey: string;
			signPubkey: string;
			legacyPubkey: string;
			filters: RelayFilter[];
			capabilities: EvidenceCapabilities;
	  }
	| {
			kind: 'legacy_shared';
			shared: Uint8Array;
			legacyPubkey: string;
			filters: RelayFilter[];
			capabilities: EvidenceCapabilities;
	  };

export interface EvidenceClassification {
	/** Inner signers that must match (the dispute's buyer and seller trade keys). */
	allowedSigners: string[];
	interpretations: EvidenceInterpretation[];
}

export const LEGACY_BLUR_SECS = 172800;

/**
 * The relay filters that find a conversation's events over the life of an order: kind 14 tagged
 * to pub(K_conv), kind 14 by pub(K_sign) when known, kind 1059 tagged to the legacy shared key
 * (reaching `LEGACY_BLUR_SECS` further back: gift-wrap times are blurred). `since` is the order's
 * creation; there is no 7-day window as in the live chat.
 */
export function evidenceFilters(keys: { convPubkey?: string | null; signPubkey?: string | null; legacyPubkey?: string | null }, options: { since?: number; until?: number } = {}): RelayFilter[] {
	const window = (f: RelayFilter, legacy = false): RelayFilter => {
		const out: RelayFilter = { ...f };
		if (options.since !== undefined) out.since = Math.max(0, legacy ? options.since - LEGACY_BLUR_SECS : options.since);
		if (options.until !== undefined) out.until = options.until;
		return out;
	};
	const filters: RelayFilter[] = [];
	if (keys.convPubkey) filters.push(window({ kinds: [14], '#p': [keys.convPubkey] }));
	if (keys.signPubkey) filters.push(window({ kinds: [14], authors: [keys.signPubkey] }));
	if (keys.legacyPubkey) filters.push(window({ kinds: [1059], '#p': [keys.legacyPubkey] }, true));
	return filters;
}

/**
 * Classify a pasted secret (64 hex, `0x…`, or nsec; or raw bytes). `since` widens the filters;
 * legacy gift-wrap filters reach back two more days for the timestamp blur.
 */
export function classifyEvidenceSecret(secret: unknown, buyerPubkey: string, sellerPubkey: string, options: { since?: number; until?: number } = {}): EvidenceClassification {
	const x = secret instanceof Uint8Array ? secret : parseSecretKey(secret);
	if (!isValidScalar(x)) throw new ProtocolError('invalid_key', 'secret is not a valid scalar');
	const allowedSigners = [parsePubkey(buyerPubkey), parsePubkey(sellerPubkey)];
	const xPub = getPubkey(x);
	const derived = deriveChatKeys(x);
	const legacyPubkey = legacySharedPubkey(x);
	return {
		allowedSigners,
		interpretations: [
			{
				kind: 'k_conv',
				convSecret: x,
				convPubkey: xPub,
				signPubkey: null,
				filters: evidenceFilters({ convPubkey: xPub }, options),
				capabilities: { readCurrent: true, readLegacy: false, postEnvelopes: false, decryptAttachments: false }
			},
			{
				kind: 'ecdh_secret',
				shared: x,
				convSecret: derived.convSecret,
				convPubkey: derived.convPubkey,
				signPubkey: derived.signPubkey,
				legacyPubkey,
				filters: evidenceFilters({ convPubkey: derived.convPubkey, signPubkey: derived.signPubkey, legacyPubkey }, options),
				capabilities: { readCurrent: true, readLegacy: true, postEnvelopes: true, decryptAttachments: true }
			},
			{
				kind: 'legacy_shared',
				shared: x,
				legacyPubkey,
				filters: evidenceFilters({ legacyPubkey }, options),
				capabilities: { readCurrent: false, readLegacy: true, postEnvelopes: false, decryptAttachments: true }
			}
		]
	};
}

/** The inner event an outer kind 14 self-decrypts to, if it names one of `allowed` (unchecked). */
function innerNamingSigner(e: { content: string }, conversationKey: Uint8Array, allowed: ReadonlySet<string>): NostrEvent | null {
	try {
		const inner = parseEvent(JSON.parse(decryptNip44(e.content, conversationKey)));
		return allowed.has(inner.pubkey) ? inner : null;
	} catch {
		return null; // not this conversation
	}
}

type Kind14 = { pubkey: string; content: string; created_at: number };

const asKind14 = (input: unknown): Kind14 | null => {
	const e = input as { kind?: unknown; pubkey?: unknown; content?: unknown; created_at?: unknown } | null;
	return e?.kind === 14 && typeof e.pubkey === 'string' && typeof e.content === 'string' && typeof e.created_at === 'number' ? (e as Kind14) : null;
};

/**
 * For the K_conv interpretation: among kind-14 events fetched by `#p`, the authors whose events
 * self-decrypt under K_conv to an event that names an allowed signer. When several do, they are
 * ranked by how many distinct inner messages each carries (a copier re-wrapping some of the real
 * envelopes can never carry more than the real pub(K_sign)), then by the earliest envelope, then
 * by key. Candidates only: no signature is checked here (the full validation follows). An author
 * whose first 8 events do not decrypt is not tried further, so a flood of junk costs a bounded
 * number of decryptions; with a single candidate nothing more is decrypted.
 */
export function discoverSignPubkeys(events: Iterable<unknown>, convSecret: Uint8Array, allowedSigners: Iterable<string>): string[] {
	const allowed = new Set(allowedSigners);
	const conversationKey = selfConversationKey(convSecret);
	const kind14 = [...events].map(asKind14).filter((e): e is Kind14 => e !== null);
	const candidates = new Set<string>();
	const tried = new Map<string, number>();
	for (const e of kind14) {
		if (candidates.has(e.pubkey)) continue;
		const n = (tried.get(e.pubkey) ?? 0) + 1;
		tried.set(e.pubkey, n);
		if (n <= 8 && innerNamingSigner(e, conversationKey, allowed)) candidates.add(e.pubkey);
	}
	if (candidates.size <= 1) return [...candidates];
	const ranked = new Map([...candidates].map((author) => [author, { inners: new Set<string>(), earliest: Number.MAX_SAFE_INTEGER }]));
	for (const e of kind14) {
		const entry = ranked.get(e.pubkey);
		const inner = entry ? innerNamingSigner(e, conversationKey, allowed) : null;
		if (!entry || !inner) continue;
		entry.inners.add(inner.id);
		entry.earliest = Math.min(entry.earliest, e.created_at);
	}
	return [...ranked.entries()].sort(([ka, a], [kb, b]) => b.inners.size - a.inners.size || a.earliest - b.earliest || (ka < kb ? -1 : 1)).map(([author]) => author);
}

/** Read-side channel view for a K_conv (pasted or derived) and a discovered/derived pub(K_sign). */
export function buildEvidenceView(convSecret: Uint8Array, signPubkey: string): ChatChannelView {
	return buildChatChannelView(convSecret, signPubkey);
}
