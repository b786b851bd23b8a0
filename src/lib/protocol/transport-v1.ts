// Protocol v1 transport (deprecated): rumor (kind 1, trade key) → seal (kind 13, identity key)
// → gift wrap (kind 1059, ephemeral key), with blurred timestamps (PROTOCOL.md §2.2).
// Unwrap checks every signature and the seal/rumor author rule the caller asks for. Must never
// accept an unsigned seal or an inner message signature that does not verify.
import { serializeMessage } from './canonical.ts';
import { ProtocolError } from './errors.ts';
import { buildRumor, computeEventId, isEventSignatureValid, parseEvent, parseEventJson, parseRumor, serializeEvent, signEvent, type NostrEvent, type Rumor, type Tag } from './event.ts';
import { getPubkey, isHex64, isValidPubkey } from './keys.ts';
import type { Message } from './message.ts';
import { isMessageSignatureValid, signMessage } from './message-signature.ts';
import { parseMessage } from './message-parse.ts';
import { decryptNip44, encryptNip44, getConversationKey } from './nip44.ts';
import { minePow, type MineOptions, type PendingPow } from './pow.ts';
import { defaultRandom, randomBelow, type RandomSource } from './random.ts';
import { isJsonObject } from './struct-read.ts';

export const KIND_GIFT_WRAP = 1059;
export const KIND_SEAL = 13;
export const TIMESTAMP_BLUR_SECS = 172800;

export interface WrapV1Options {
	/** Trade key: rumor author (and inner signer when signInner). */
	tradeSecret: Uint8Array;
	/** Seal signer; defaults to the trade key (full-privacy mode). */
	identitySecret?: Uint8Array;
	recipientPubkey: string;
	now: number;
	signInner?: boolean;
	expiration?: number | null;
	powBits?: number;
	pow?: MineOptions;
	random?: RandomSource;
	/** Fixed values for vectors/tests. */
	ephemeralSecret?: Uint8Array;
	sealCreatedAt?: number;
	wrapCreatedAt?: number;
	auxRandom?: Uint8Array;
}

function randomSecret(random: RandomSource): Uint8Array {
	for (;;) {
		const k = random(32);
		try {
			getPubkey(k);
			return k;
		} catch {
			// out of range; draw again
		}
	}
}

export function wrapV1(m: Message, o: WrapV1Options): NostrEvent {
	const pending = prepareWrapV1(m, o);
	if (o.powBits && o.powBits > 0) return pending.finish(minePow(pending.event, o.powBits, o.pow));
	return pending.finish(pending.event);
}

/** The gift wrap before proof of work; `finish` signs it with its ephemeral key. */
export function prepareWrapV1(m: Message, o: Omit<WrapV1Options, 'powBits' | 'pow'>): PendingPow {
	if (!isValidPubkey(o.recipientPubkey)) throw new ProtocolError('invalid_key', 'recipient pubkey is not valid');
	const random = o.random ?? defaultRandom;
	const blur = () => o.now - randomBelow(TIMESTAMP_BLUR_SECS, random);
	const identitySecret = o.identitySecret ?? o.tradeSecret;
	const tradePub = getPubkey(o.tradeSecret);
	const signed = o.signInner || getPubkey(identitySecret) !== tradePub;
	const sig = signed ? signMessage(m, o.tradeSecret, o.auxRandom) : null;
	const rumor = buildRumor({ kind: 1, created_at: o.now, tags: [], content: `[${serializeMessage(m)},${JSON.stringify(sig)}]` }, tradePub);
	const seal = signEvent(
		{
			kind: KIND_SEAL,
			created_at: o.sealCreatedAt ?? blur(),
			tags: [],
			content: encryptNip44(serializeEvent(rumor), getConversationKey(identitySecret, o.recipientPubkey), { random })
		},
		identitySecret,
		o.auxRandom
	);
	const eph = o.ephemeralSecret ?? randomSecret(random);
	const tags: Tag[] = [['p', o.recipientPubkey]];
	if (o.expiration !== undefined && o.expiration !== null) tags.push(['expiration', String(o.expiration)]);
	const event = {
		kind: KIND_GIFT_WRAP,
		created_at: o.wrapCreatedAt ?? blur(),
		tags,
		content: encryptNip44(serializeEvent(seal), getConversationKey(eph, o.recipientPubkey), { random }),
		pubkey: getPubkey(eph)
	};
	return { event, finish: (mined) => signEvent(mined, eph, o.auxRandom) };
}

export interface V1Envelope {
	wrap: NostrEvent;
	seal: NostrEvent;
	rumor: Rumor;
	/** Trade key (rumor author). */
	sender: string;
	/** Identity key (seal signer). */
	identity: string;
	message: Message;
	tradeSignature: string | null;
}

export interface UnwrapV1Options {
	/** Require seal signer == rumor author (replies from the daemon, §2.2). */
	requireSameAuthor?: boolean;
	/** Require both seal signer and rumor author to be this key (e.g. the Mostro key). */
	expectedSender?: string;
}

function parseRumorLoose(text: string): Rumor {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		throw new ProtocolError('invalid_json', 'rumor is not JSON');
	}
	if (!isJsonObject(v)) throw new ProtocolError('invalid_event', 'rumor must be an object');
	const parsed = parseRumor(v.id === undefined ? { ...v, id: '0'.repeat(64) } : v);
	const id = computeEventId(parsed);
	if (v.id !== undefined && parsed.id !== id) throw new ProtocolError('invalid_event', 'rumor id does not match its content');
	return { ...parsed, id };
}

export function unwrapV1(input: unknown, recipientSecret: Uint8Array, o: UnwrapV1Options = {}): V1Envelope {
	const wrap = parseEvent(input);
	if (wrap.kind !== KIND_GIFT_WRAP) throw new ProtocolError('wrong_kind', 'not a kind-1059 gift wrap');
	if (!isEventSignatureValid(wrap)) throw new ProtocolError('bad_signature', 'gift wrap signature is invalid');
	const me = getPubkey(recipientSecret);
	if (!wrap.tags.some((t) => t[0] === 'p' && t[1] === me)) throw new ProtocolError('not_addressed', 'gift wrap is not addressed to this key');
	const seal = parseEventJson(decryptNip44(wrap.content, getConversationKey(recipientSecret, wrap.pubkey)));
	if (seal.kind !== KIND_SEAL) throw new ProtocolError('wrong_kind', 'inner layer is not a kind-13 seal');
	if (!isEventSignatureValid(seal)) throw new ProtocolError('bad_signature', 'seal signature is invalid');
	const rumor = parseRumorLoose(decryptNip44(seal.content, getConversationKey(recipientSecret, seal.pubkey)));
	if (rumor.kind !== 1) throw new ProtocolError('wrong_kind', 'rumor is not kind 1');
	if (o.requireSameAuthor && seal.pubkey !== rumor.pubkey) throw new ProtocolError('wrong_author', 'seal signer differs from rumor author');
	if (o.expectedSender !== undefined && (seal.pubkey !== o.expectedSender || rumor.pubkey !== o.expectedSender)) {
		throw new ProtocolError('wrong_author', 'unexpected sender');
	}
	let tuple: unknown;
	try {
		tuple = JSON.parse(rumor.content);
	} catch {
		throw new ProtocolError('invalid_message', 'rumor content is not JSON');
	}
	if (!Array.isArray(tuple) || tuple.length < 1 || tuple.length > 2) throw new ProtocolError('invalid_message', 'rumor content must be [message, sig]');
	const message = parseMessage(tuple[0]);
	const sig: unknown = tuple[1] ?? null;
	if (sig !== null && typeof sig !== 'string') throw new ProtocolError('invalid_message', 'trade signature must be a string or null');
	if (sig !== null && !isMessageSignatureValid(message, sig, rumor.pubkey)) throw new ProtocolError('bad_signature', 'trade signature does not verify');
	if (seal.pubkey !== rumor.pubkey && sig === null) throw new ProtocolError('bad_signature', 'identity differs from sender but the message is unsigned');
	if (!isHex64(rumor.pubkey)) throw new ProtocolError('invalid_event', 'rumor pubkey is invalid');
	return { wrap, seal, rumor, sender: rumor.pubkey, identity: seal.pubkey, message, tradeSignature: sig };
}
