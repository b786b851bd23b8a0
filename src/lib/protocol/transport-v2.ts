// Protocol v2 transport: one signed kind-14 event, NIP-44 content holding
// `[message, trade sig | null, identity proof | null]` (PROTOCOL.md §2.3, §2.4, Appendix A.2).
// Works both directions (console → daemon, daemon → console / party). Must never skip the
// outer signature check or verify a signature against anything but the canonical JSON.
import { serializeMessage } from './canonical.ts';
import { ProtocolError } from './errors.ts';
import { isEventSignatureValid, parseEvent, signEvent, type NostrEvent, type Tag } from './event.ts';
import { getPubkey, isHex64, isValidPubkey } from './keys.ts';
import type { Message } from './message.ts';
import { buildIdentityProof, isIdentityProofValid, isMessageSignatureValid, signMessage, type IdentityProof } from './message-signature.ts';
import { parseMessage } from './message-parse.ts';
import { decryptNip44, encryptNip44, getConversationKey } from './nip44.ts';
import { minePow, type MineOptions, type PendingPow } from './pow.ts';
import type { RandomSource } from './random.ts';

export const KIND_V2_MESSAGE = 14;
/** The daemon stamps its kind-14 DMs with now + dm_days (default 30 days). */
export const DM_EXPIRATION_SECS = 30 * 86400;

export interface WrapV2Options {
	/** Trade key: authors and signs the kind-14 event. */
	senderSecret: Uint8Array;
	recipientPubkey: string;
	/** Unix seconds; used as created_at unchanged. */
	now: number;
	/** NIP-40 expiration timestamp; omitted when undefined/null. */
	expiration?: number | null;
	/** Include the trade-key signature (element 2). Forced on when an identity key is given. */
	signInner?: boolean;
	/** Identity key when it differs from the trade key (adds the element-3 proof). */
	identitySecret?: Uint8Array;
	powBits?: number;
	pow?: MineOptions;
	random?: RandomSource;
	/** Fixed NIP-44 nonce (tests/vectors only). */
	nonce?: Uint8Array;
	/** BIP-340 aux randomness for all signatures (tests/vectors only). */
	auxRandom?: Uint8Array;
}

/** Build the NIP-44 plaintext `[message, sig|null, proof|null]`. */
export function buildV2Plaintext(m: Message, o: Pick<WrapV2Options, 'senderSecret' | 'signInner' | 'identitySecret' | 'auxRandom'>): string {
	const tradePub = getPubkey(o.senderSecret);
	const identityPub = o.identitySecret ? getPubkey(o.identitySecret) : tradePub;
	const withProof = o.identitySecret !== undefined && identityPub !== tradePub;
	const sig = o.signInner || withProof ? signMessage(m, o.senderSecret, o.auxRandom) : null;
	const proof = withProof ? buildIdentityProof(tradePub, m, o.identitySecret as Uint8Array, identityPub, o.auxRandom) : null;
	return `[${serializeMessage(m)},${JSON.stringify(sig)},${JSON.stringify(proof)}]`;
}

export function wrapV2(m: Message, o: WrapV2Options): NostrEvent {
	const pending = prepareWrapV2(m, o);
	if (o.powBits && o.powBits > 0) return pending.finish(minePow(pending.event, o.powBits, o.pow));
	return pending.finish(pending.event);
}

/** The kind-14 event before proof of work; `finish` signs it with the sender key. */
export function prepareWrapV2(m: Message, o: Omit<WrapV2Options, 'powBits' | 'pow'>): PendingPow {
	if (!isValidPubkey(o.recipientPubkey)) throw new ProtocolError('invalid_key', 'recipient pubkey is not valid');
	const plaintext = buildV2Plaintext(m, o);
	const content = encryptNip44(plaintext, getConversationKey(o.senderSecret, o.recipientPubkey), { nonce: o.nonce, random: o.random });
	const tags: Tag[] = [['p', o.recipientPubkey]];
	if (o.expiration !== undefined && o.expiration !== null) tags.push(['expiration', String(o.expiration)]);
	const event = { kind: KIND_V2_MESSAGE, created_at: o.now, tags, content, pubkey: getPubkey(o.senderSecret) };
	return { event, finish: (mined) => signEvent(mined, o.senderSecret, o.auxRandom) };
}

export interface V2Envelope {
	event: NostrEvent;
	/** Trade key = event author. */
	sender: string;
	/** Identity: the proof's pubkey, or the sender when the proof is null. */
	identity: string;
	message: Message;
	tradeSignature: string | null;
	identityProof: IdentityProof | null;
}

export interface UnwrapV2Options {
	/** When set, the event must be authored by this key (e.g. the Mostro pubkey). */
	expectedAuthor?: string;
}

function parseTuple(text: string): [unknown, unknown, unknown] {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		throw new ProtocolError('invalid_message', 'decrypted content is not JSON');
	}
	if (!Array.isArray(v) || v.length < 1 || v.length > 3) throw new ProtocolError('invalid_message', 'content must be a 3-element array');
	return [v[0], v[1] ?? null, v[2] ?? null];
}

/**
 * Verify and open a kind-14 protocol message addressed to `recipientSecret`'s pubkey.
 * Handles the self-addressed case (the Mostro key acting as admin).
 */
export function unwrapV2(input: unknown, recipientSecret: Uint8Array, o: UnwrapV2Options = {}): V2Envelope {
	const event = parseEvent(input);
	if (event.kind !== KIND_V2_MESSAGE) throw new ProtocolError('wrong_kind', 'not a kind-14 event');
	if (o.expectedAuthor !== undefined && event.pubkey !== o.expectedAuthor) throw new ProtocolError('wrong_author', 'unexpected author');
	if (!isEventSignatureValid(event)) throw new ProtocolError('bad_signature', 'outer event signature is invalid');
	const me = getPubkey(recipientSecret);
	if (!event.tags.some((t) => t[0] === 'p' && t[1] === me)) throw new ProtocolError('not_addressed', 'event is not addressed to this key');
	const plaintext = decryptNip44(event.content, getConversationKey(recipientSecret, event.pubkey));
	const [rawMessage, rawSig, rawProof] = parseTuple(plaintext);
	const message = parseMessage(rawMessage);
	if (rawSig !== null && typeof rawSig !== 'string') throw new ProtocolError('invalid_message', 'trade signature must be a string or null');
	if (rawSig !== null && !isMessageSignatureValid(message, rawSig, event.pubkey)) {
		throw new ProtocolError('bad_signature', 'trade signature does not verify');
	}
	let proof: IdentityProof | null = null;
	if (rawProof !== null) {
		if (!Array.isArray(rawProof) || rawProof.length !== 2 || !isHex64(rawProof[0]) || typeof rawProof[1] !== 'string') {
			throw new ProtocolError('invalid_message', 'identity proof must be [pubkey, sig]');
		}
		proof = [rawProof[0], rawProof[1]];
		if (!isIdentityProofValid(event.pubkey, message, proof)) throw new ProtocolError('bad_signature', 'identity proof does not verify');
	}
	const identity = proof ? proof[0] : event.pubkey;
	if (identity !== event.pubkey && rawSig === null) {
		throw new ProtocolError('bad_signature', 'identity differs from sender but the message is unsigned');
	}
	return { event, sender: event.pubkey, identity, message, tradeSignature: rawSig, identityProof: proof };
}
