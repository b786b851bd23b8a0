// Storage of imported chat keys (sealed) and of the evidence archive: every raw event fetched
// with a key, its decrypted inner event, relays, first-seen time and verdict. Rows are only ever
// added (a refresh merges relay lists); nothing is deleted. Never logs contents or secrets.
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { EvidenceEventsTable, EvidenceKeysTable } from '../db/schema.ts';
import type { ValidatedEvent } from './transcript-validate.ts';

export type EvidenceKeyRow = Selectable<EvidenceKeysTable>;
export type EvidenceEventRow = Selectable<EvidenceEventsTable>;

export const keyPurpose = (disputeId: string, n: number) => `chat-key:dispute:${disputeId}:${n}`;

export async function listEvidenceKeys(db: Db | Tx, disputeId: string): Promise<EvidenceKeyRow[]> {
	return db.selectFrom('evidence_keys').selectAll().where('dispute_id', '=', disputeId).orderBy('n').execute();
}

export async function nextKeyNumber(tx: Tx, disputeId: string): Promise<number> {
	const row = await tx
		.selectFrom('evidence_keys')
		.select((eb) => eb.fn.max('n').as('n'))
		.where('dispute_id', '=', disputeId)
		.executeTakeFirst();
	return Number(row?.n ?? 0) + 1;
}

export async function listEvidenceEvents(db: Db | Tx, disputeId: string): Promise<EvidenceEventRow[]> {
	return db.selectFrom('evidence_events').selectAll().where('dispute_id', '=', disputeId).orderBy('id').execute();
}

export async function archivedHashes(db: Db | Tx, keyId: number): Promise<Map<string, { id: number; relays: string }>> {
	const rows = await db.selectFrom('evidence_events').select(['id', 'raw_hash', 'relays']).where('key_id', '=', keyId).execute();
	return new Map(rows.map((r) => [r.raw_hash, { id: r.id, relays: r.relays }]));
}

export async function acceptedInnerIds(db: Db | Tx, keyId: number): Promise<string[]> {
	const rows = await db.selectFrom('evidence_events').select('inner_id').where('key_id', '=', keyId).where('verdict', '=', 'accepted').execute();
	return rows.flatMap((r) => (r.inner_id ? [r.inner_id] : []));
}

/** Appends validated events to the archive (in validation order, which the bundle keeps). */
export async function insertEvidenceEvents(tx: Tx, keyId: number, disputeId: string, events: readonly ValidatedEvent[], now: number): Promise<void> {
	for (let i = 0; i < events.length; i += 200) {
		const chunk = events.slice(i, i + 200);
		if (chunk.length === 0) break;
		await tx
			.insertInto('evidence_events')
			.values(
				chunk.map((e) => ({
					key_id: keyId,
					dispute_id: disputeId,
					outer_id: e.outerId,
					raw_hash: e.fetched.rawHash,
					outer_raw: e.fetched.raw,
					outer_kind: e.outerKind,
					outer_created_at: e.outerCreatedAt,
					generation: e.generation,
					inner_raw: e.innerRaw,
					inner_id: e.innerId,
					inner_created_at: e.innerCreatedAt,
					signer_role: e.signerRole,
					verdict: e.verdict,
					step: e.step,
					relays: JSON.stringify([...e.fetched.relays].sort()),
					first_seen_at: now
				}))
			)
			.onConflict((oc) => oc.columns(['key_id', 'raw_hash']).doNothing())
			.execute();
	}
}

/** Adds relays that now also hold an archived event. */
export async function mergeRelays(tx: Tx, id: number, stored: string, seen: Iterable<string>): Promise<boolean> {
	const known = parseRelays(stored);
	const merged = unionRelays(known, seen);
	if (merged.length === known.length) return false;
	await tx
		.updateTable('evidence_events')
		.set({ relays: JSON.stringify(merged) })
		.where('id', '=', id)
		.execute();
	return true;
}

/** Every relay named in any of the lists, once, sorted. */
export function unionRelays(...lists: Iterable<string>[]): string[] {
	return [...new Set(lists.flatMap((list) => [...list]))].sort();
}

export function parseRelays(text: string): string[] {
	try {
		const v: unknown = JSON.parse(text);
		return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
}
