// Evidence key classification: a 32-byte secret pasted by a party may be K_conv (mostrix,
// spec), the raw ECDH secret (Mostro Mobile) or a G1 legacy shared key. Produce every
// interpretation with the relay filters it implies, and help pick the one that has events
// (PROTOCOL.md §5.5, §8 #6). Must never query relays itself or keep the secret beyond the result.
import { ProtocolError } from '../errors.ts';
import type { NostrEvent } from '../event.ts';
import { getPubkey, isValidScalar, parsePubkey, parseSecretKey } from '../keys.ts';
import { deriveChatKeys, legacySharedPubkey, selfConversationKey } from './keys.ts';
import { buildChatChannelView, unwrapChatMessage, type ChatChannelView } from './unwrap.ts';

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
 * Classify a pasted secret (64 hex, `0x…`, or nsec; or raw bytes). `since` widens the filters;
 * legacy gift-wrap filters reach back two more days for the timestamp blur.
 */
export function classifyEvidenceSecret(
	secret: unknown,
	buyerPubkey: string,
	sellerPubkey: string,
	options: { since?: number; until?: number } = {}
): EvidenceClassification {
	const x = secret instanceof Uint8Array ? secret : parseSecretKey(secret);
	if (!isValidScalar(x)) throw new ProtocolError('invalid_key', 'secret is not a valid scalar');
	const allowedSigners = [parsePubkey(buyerPubkey), parsePubkey(sellerPubkey)];
	const window = (f: RelayFilter, legacy = false): RelayFilter => {
		const out: RelayFilter = { ...f };
		if (options.since !== undefined) out.since = legacy ? Math.max(0, options.since - LEGACY_BLUR_SECS) : options.since;
		if (options.until !== undefined) out.until = options.until;
		return out;
	};
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
				filters: [window({ kinds: [14], '#p': [xPub] })],
				capabilities: { readCurrent: true, readLegacy: false, postEnvelopes: false, decryptAttachments: false }
			},
			{
				kind: 'ecdh_secret',
				shared: x,
				convSecret: derived.convSecret,
				convPubkey: derived.convPubkey,
				signPubkey: derived.signPubkey,
				legacyPubkey,
				filters: [
					window({ kinds: [14], authors: [derived.signPubkey] }),
					window({ kinds: [14], '#p': [derived.convPubkey] }),
					window({ kinds: [1059], '#p': [legacyPubkey] }, true)
				],
				capabilities: { readCurrent: true, readLegacy: true, postEnvelopes: true, decryptAttachments: true }
			},
			{
				kind: 'legacy_shared',
				shared: x,
				legacyPubkey,
				filters: [window({ kinds: [1059], '#p': [legacyPubkey] }, true)],
				capabilities: { readCurrent: false, readLegacy: true, postEnvelopes: false, decryptAttachments: true }
			}
		]
	};
}

/**
 * For the K_conv interpretation: among kind-14 events fetched by `#p`, find the authors whose
 * events self-decrypt under K_conv and carry an inner event signed by an allowed signer.
 * Returns authors ordered by how many such events they have (the first is pub(K_sign)).
 */
export function discoverSignPubkeys(events: readonly unknown[], convSecret: Uint8Array, allowedSigners: readonly string[]): string[] {
	const counts = new Map<string, number>();
	const allowed = new Set(allowedSigners);
	const convPubkey = getPubkey(convSecret);
	const conversationKey = selfConversationKey(convSecret);
	for (const e of events) {
		const author = (e as Partial<NostrEvent> | null)?.pubkey;
		if (typeof author !== 'string') continue;
		const channel: ChatChannelView = { convPubkey, signPubkey: author, conversationKey };
		// Discovery ignores time: the skew checks still run when the transcript is validated.
		const r = unwrapChatMessage(e, { channel, allowedSigners: allowed, now: Number.MAX_SAFE_INTEGER - 120 });
		if (r.ok) counts.set(author, (counts.get(author) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

/** Read-side channel view for a K_conv (pasted or derived) and a discovered/derived pub(K_sign). */
export function buildEvidenceView(convSecret: Uint8Array, signPubkey: string): ChatChannelView {
	return buildChatChannelView(convSecret, signPubkey);
}
