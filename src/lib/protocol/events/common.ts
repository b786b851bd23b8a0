// Shared checks for the node's public events (PROTOCOL.md §1): expected author, kind, signature,
// lenient tag readers. Must never accept an event from another author or with a bad signature.
import { ProtocolError } from '../errors.ts';
import { isEventSignatureValid, parseEvent, tagValue, type NostrEvent, type Tag } from '../event.ts';

export const KIND_ORDER = 38383;
export const KIND_RATING = 38384;
export const KIND_INFO = 38385;
export const KIND_DISPUTE = 38386;

export interface PublicEventOptions {
	/** Skip the signature check for events already verified by the caller. Default false. */
	skipSignature?: boolean;
}

export function readPublicEvent(input: unknown, expectedAuthor: string, kinds: readonly number[], o: PublicEventOptions = {}): NostrEvent {
	const e = parseEvent(input);
	if (!kinds.includes(e.kind)) throw new ProtocolError('wrong_kind', `expected kind ${kinds.join(' or ')}`);
	if (e.pubkey !== expectedAuthor) throw new ProtocolError('wrong_author', 'event is not from the expected node');
	if (!o.skipSignature && !isEventSignatureValid(e)) throw new ProtocolError('bad_signature', 'event id or signature is invalid');
	return e;
}

export function requireTag(tags: readonly Tag[], name: string): string {
	const v = tagValue(tags, name);
	if (v === undefined || v === '') throw new ProtocolError('missing_tag', `missing ${name} tag`);
	return v;
}

/** Integer tag value or null (absent or unparseable). */
export function intTag(tags: readonly Tag[], name: string): number | null {
	const v = tagValue(tags, name);
	if (v === undefined || !/^-?\d{1,16}$/.test(v.trim())) return null;
	return Number(v.trim());
}

/** Float tag value or null. */
export function floatTag(tags: readonly Tag[], name: string): number | null {
	const v = tagValue(tags, name);
	if (v === undefined || v.trim() === '') return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : null;
}

export function boolTag(tags: readonly Tag[], name: string): boolean | null {
	const v = tagValue(tags, name);
	if (v === 'true') return true;
	if (v === 'false') return false;
	return null;
}

export function strTag(tags: readonly Tag[], name: string): string | null {
	return tagValue(tags, name) ?? null;
}

/** Instance name from `["y","mostro","<name>"]`, or null. */
export function instanceNameOf(tags: readonly Tag[]): string | null {
	const y = tags.find((t) => t[0] === 'y');
	return y?.[2] ?? null;
}
