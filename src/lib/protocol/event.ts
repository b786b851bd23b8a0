// Nostr event shape, hashing, signing and fresh signature checks (NIP-01; PROTOCOL.md §1, §2, §5).
// Verification here never trusts nostr-tools' cached verdict: it recomputes the id and checks
// the BIP-340 signature every time. Must never mutate an input event.
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors.ts';
import { getPubkey, isHex, isHex64 } from './keys.ts';

export type Tag = string[];

export interface EventTemplate {
	kind: number;
	created_at: number;
	tags: Tag[];
	content: string;
}

export interface UnsignedEvent extends EventTemplate {
	pubkey: string;
}

/** A rumor: an unsigned event that carries its id (NIP-59). */
export interface Rumor extends UnsignedEvent {
	id: string;
}

export interface NostrEvent extends Rumor {
	sig: string;
}

const MAX_TS = 2 ** 53 - 1;

function isTagArray(value: unknown): value is Tag[] {
	return Array.isArray(value) && value.every((t) => Array.isArray(t) && t.every((x) => typeof x === 'string'));
}

function isKind(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function isTimestamp(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TS;
}

function readUnsigned(input: unknown): UnsignedEvent {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new ProtocolError('invalid_event', 'event must be an object');
	}
	const o = input as Record<string, unknown>;
	if (!isHex64(o.pubkey)) throw new ProtocolError('invalid_event', 'event pubkey must be 64 lowercase hex');
	if (!isKind(o.kind)) throw new ProtocolError('invalid_event', 'event kind must be an integer 0..65535');
	if (!isTimestamp(o.created_at)) throw new ProtocolError('invalid_event', 'event created_at must be a non-negative integer');
	if (!isTagArray(o.tags)) throw new ProtocolError('invalid_event', 'event tags must be arrays of strings');
	if (typeof o.content !== 'string') throw new ProtocolError('invalid_event', 'event content must be a string');
	return {
		pubkey: o.pubkey,
		kind: o.kind,
		created_at: o.created_at,
		tags: o.tags.map((t) => [...t]),
		content: o.content
	};
}

/** Structural parse of a signed event (no signature check). Returns a fresh copy. */
export function parseEvent(input: unknown): NostrEvent {
	const base = readUnsigned(input);
	const o = input as Record<string, unknown>;
	if (!isHex64(o.id)) throw new ProtocolError('invalid_event', 'event id must be 64 lowercase hex');
	if (!isHex(o.sig, 64)) throw new ProtocolError('invalid_event', 'event sig must be 128 lowercase hex');
	return { id: o.id, ...base, sig: o.sig };
}

/** Structural parse of a rumor (id required, sig absent or ignored). */
export function parseRumor(input: unknown): Rumor {
	const base = readUnsigned(input);
	const o = input as Record<string, unknown>;
	if (!isHex64(o.id)) throw new ProtocolError('invalid_event', 'rumor id must be 64 lowercase hex');
	return { id: o.id, ...base };
}

/** Parse a JSON text into a signed event shape. */
export function parseEventJson(text: unknown): NostrEvent {
	if (typeof text !== 'string') throw new ProtocolError('invalid_json', 'event JSON must be a string');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ProtocolError('invalid_json', 'event is not valid JSON');
	}
	return parseEvent(value);
}

export function serializeForId(e: UnsignedEvent): string {
	return JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content]);
}

export function computeEventId(e: UnsignedEvent): string {
	return bytesToHex(sha256(utf8ToBytes(serializeForId(e))));
}

/** Recompute the id and verify the BIP-340 signature. Never throws. */
export function isEventSignatureValid(e: NostrEvent): boolean {
	try {
		if (computeEventId(e) !== e.id) return false;
		return schnorr.verify(hexToBytes(e.sig), hexToBytes(e.id), hexToBytes(e.pubkey));
	} catch {
		return false;
	}
}

/** Parse + verify. Throws ProtocolError('bad_signature') when the id or signature is wrong. */
export function parseVerifiedEvent(input: unknown): NostrEvent {
	const e = parseEvent(input);
	if (!isEventSignatureValid(e)) throw new ProtocolError('bad_signature', 'event id or signature is invalid');
	return e;
}

/**
 * Sign a template. `auxRandom` (32 bytes) is BIP-340 auxiliary randomness; pass zeros for
 * deterministic vectors, leave undefined for fresh randomness.
 */
export function signEvent(t: EventTemplate, secret: Uint8Array, auxRandom?: Uint8Array): NostrEvent {
	const unsigned: UnsignedEvent = {
		pubkey: getPubkey(secret),
		created_at: t.created_at,
		kind: t.kind,
		tags: t.tags.map((x) => [...x]),
		content: t.content
	};
	const id = computeEventId(unsigned);
	const sig = bytesToHex(schnorr.sign(hexToBytes(id), secret, auxRandom));
	return { id, ...unsigned, sig };
}

export function buildRumor(t: EventTemplate, pubkey: string): Rumor {
	const unsigned: UnsignedEvent = { pubkey, created_at: t.created_at, kind: t.kind, tags: t.tags.map((x) => [...x]), content: t.content };
	return { id: computeEventId(unsigned), ...unsigned };
}

/** The first tag named `name`, or undefined. */
export function findTag(tags: readonly Tag[], name: string): Tag | undefined {
	return tags.find((t) => t[0] === name);
}

/** The value (index 1) of the first tag named `name`. */
export function tagValue(tags: readonly Tag[], name: string): string | undefined {
	return findTag(tags, name)?.[1];
}

/** All tags named `name`. */
export function tagsNamed(tags: readonly Tag[], name: string): Tag[] {
	return tags.filter((t) => t[0] === name);
}

/** Canonical JSON of an event with fields in NIP-01 order (id, pubkey, created_at, kind, tags, content, sig). */
export function serializeEvent(e: NostrEvent | Rumor): string {
	const base = { id: e.id, pubkey: e.pubkey, created_at: e.created_at, kind: e.kind, tags: e.tags, content: e.content };
	return 'sig' in e ? JSON.stringify({ ...base, sig: e.sig }) : JSON.stringify(base);
}
