// The audit witness on Nostr (issue 14 §1): each signed checkpoint is published to the node's
// relays as a regular (non-replaceable) event of kind AUDIT_CHECKPOINT_KIND, signed with the
// console's audit key, so relays keep every one; `audit verify --witness relays` fetches them
// back and compares them with the local log (verifyAgainstWitness, as for the witness file).
// The event carries only the checkpoint (entry count, head hash, time, signature), never an
// entry, a name or a secret.
import { finalizeEvent, verifyEvent, type Event } from 'nostr-tools/pure';
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { PublishReceipt, QueryResult } from '../relays/relay-connection.ts';
import { isCheckpointSignatureValid, withAuditSecret, type Checkpoint } from './checkpoints.ts';
import { isCheckpointPublishingOn } from './publish-setting.ts';

/** Regular kind (1000–9999, stored by relays, never replaced); not used by Mostro. */
export const AUDIT_CHECKPOINT_KIND = 3383;

/** How long `audit verify --witness relays` waits for the relays. */
export const WITNESS_QUERY_TIMEOUT_MS = 8_000;

/** The Nostr event for a checkpoint, signed with the console's audit key. */
export async function signCheckpointEvent(db: Db, sealer: Sealer, checkpoint: Checkpoint): Promise<Event> {
	return withAuditSecret(db, sealer, (secret) =>
		finalizeEvent(
			{
				kind: AUDIT_CHECKPOINT_KIND,
				created_at: Math.floor(checkpoint.signedAt / 1000),
				tags: [
					['count', String(checkpoint.entryId)],
					['head', checkpoint.headHash],
					['signed_at', String(checkpoint.signedAt)],
					['checkpoint_sig', checkpoint.signature]
				],
				content: ''
			},
			secret
		)
	);
}

/**
 * Publishes a checkpoint through the relay pool unless an operator turned publishing off;
 * null when off, else one receipt per relay (none when no relay is configured).
 */
export async function publishCheckpoint(db: Db, sealer: Sealer, relays: { publish(event: Event): Promise<PublishReceipt[]> }, checkpoint: Checkpoint): Promise<PublishReceipt[] | null> {
	if (!(await isCheckpointPublishingOn(db))) return null;
	return relays.publish(await signCheckpointEvent(db, sealer, checkpoint));
}

function tag(event: Event, name: string): string | null {
	const found = event.tags.find((t) => t[0] === name && typeof t[1] === 'string');
	return found?.[1] ?? null;
}

/** A checkpoint from a relay event, or null when it is not a valid one by `pubkey`. */
export function parseCheckpointEvent(value: unknown, pubkey: string): Checkpoint | null {
	if (typeof value !== 'object' || value === null) return null;
	const event = value as Event;
	if (event.kind !== AUDIT_CHECKPOINT_KIND || event.pubkey !== pubkey || !Array.isArray(event.tags)) return null;
	try {
		if (!verifyEvent(event)) return null;
	} catch {
		return null;
	}
	const count = Number(tag(event, 'count'));
	const signedAt = Number(tag(event, 'signed_at'));
	const headHash = tag(event, 'head');
	const signature = tag(event, 'checkpoint_sig');
	if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(signedAt) || !headHash || !signature) return null;
	const checkpoint = { entryId: count, headHash, signedAt, pubkey, signature };
	return isCheckpointSignatureValid(checkpoint) ? checkpoint : null;
}

export interface RelayWitness {
	checkpoints: Checkpoint[];
	/** Relays that answered the query to its end. */
	answered: string[];
	failed: { relay: string; error: string }[];
}

/** Fetches the published checkpoints of `pubkey` from every relay, oldest entry first, deduplicated. */
export async function fetchRelayCheckpoints(relays: { query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult[]> }, pubkey: string, timeoutMs = WITNESS_QUERY_TIMEOUT_MS): Promise<RelayWitness> {
	const results = await relays.query([{ kinds: [AUDIT_CHECKPOINT_KIND], authors: [pubkey] }], timeoutMs);
	const seen = new Map<string, Checkpoint>();
	const answered: string[] = [];
	const failed: { relay: string; error: string }[] = [];
	for (const result of results) {
		if (result.complete && result.error === null) answered.push(result.relay);
		else failed.push({ relay: result.relay, error: result.error ?? 'no answer before time-out' });
		for (const event of result.events) {
			const checkpoint = parseCheckpointEvent(event, pubkey);
			if (checkpoint) seen.set(`${checkpoint.entryId}:${checkpoint.headHash}:${checkpoint.signedAt}`, checkpoint);
		}
	}
	return { checkpoints: [...seen.values()].sort((a, b) => a.entryId - b.entryId), answered, failed };
}
