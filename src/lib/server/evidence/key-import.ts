// Importing a chat key a party disclosed, and refreshing the transcripts it opens (PRODUCT.md
// capability 5; PROTOCOL.md §5.5): classify the pasted secret with the protocol library, fetch
// each interpretation's events from every relay over the order's whole life, validate them, keep
// the interpretation that yields valid messages, seal the key in the vault and archive every raw
// event — key row, events, the source message's redaction and audit entry in one transaction;
// the attachments of accepted messages are then queued for the attachment archive.
// A refresh only ever adds.
// The secret never leaves server memory (never returned, logged or audited; wiped after use).
import { bytesToHex } from '@noble/hashes/utils.js';
import type { MostroServices } from '../mostro/services.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { classifyEvidenceSecret, discoverSignPubkeys } from '../../protocol/chat/evidence.ts';
import { findDisclosedSecret } from '../../protocol/chat/disclosed-secret.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { getPubkey } from '../../protocol/keys.ts';
import type { SignatureVerifier } from '../../protocol/signature-verifier.ts';
import { buildEvidenceSignatureVerifier } from './libsecp256k1-verifier.ts';
import { assertHolder, loadEvidenceCase, type EvidenceCase } from './evidence-case.ts';
import { acceptedInnerIds, archivedHashes, insertEvidenceEvents, keyPurpose, listEvidenceKeys, mergeRelays, nextKeyNumber } from './evidence-repository.ts';
import { filtersFor, materialFromKConv, materialFromShared, wipeMaterial, type EvidenceKeyKind, type KeyMaterial } from './key-material.ts';
import { fetchEvidenceEvents, type FetchReport } from './relay-fetch.ts';
import { crashIfArmed } from '../test-crash-point.ts';
import { redactDisclosedKey } from './disclosed-message.ts';
import { archiveTranscriptAttachments } from './evidence-archive.ts';
import { countAccepted, validateEvidenceEvents, type ValidatedEvent } from './transcript-validate.ts';
import type { PersonActor } from '../auth/actor.ts';

export type DisclosedBy = 'buyer' | 'seller' | 'unknown';
export type DisclosedVia = 'dispute_chat' | 'out_of_band';

export interface ImportInput {
	/** The pasted secret (64 hex, 0x…, or nsec); ignored when `sourceMessageId` is given. */
	secret: string;
	/** A party's dispute-chat message holding the key (one-click import). */
	sourceMessageId: number | null;
	disclosedBy: DisclosedBy;
	via: DisclosedVia;
	/** Epoch ms the party disclosed it; null = now. */
	disclosedAt: number | null;
}

export interface ImportOutcome {
	keyId: number;
	kind: EvidenceKeyKind;
	accepted: number;
	rejected: number;
	/** A raw ECDH secret also lets its holder write conversation envelopes (the console never does). */
	ecdhWarning: boolean;
	/**
	 * K_conv only: other outer authors whose events also decrypt into this conversation (copies,
	 * or posts by a party). The one with the most distinct messages was read; the others' events
	 * are listed as rejected (wrong author). A K_conv alone cannot tell which author is the real
	 * pub(K_sign); the other party's key can.
	 */
	otherSigners: number;
	incompleteRelays: string[];
}

interface Evaluation {
	material: KeyMaterial;
	events: ValidatedEvent[];
	report: FetchReport;
	accepted: number;
	otherSigners: number;
}

async function evaluate(services: MostroServices, material: KeyMaterial, c: EvidenceCase, verify: SignatureVerifier, now: number): Promise<Evaluation> {
	const report = await fetchEvidenceEvents(services.engine, filtersFor(material, c.since));
	let otherSigners = 0;
	if (material.kind === 'k_conv' && !material.signPubkey) {
		const [author, ...others] = discoverSignPubkeys(
			[...report.events.values()].map((f) => f.event),
			material.convSecret,
			[c.parties.buyer, c.parties.seller]
		);
		otherSigners = others.length;
		if (author) {
			const found = materialFromKConv(material.convSecret, author);
			Object.assign(material, found);
			await fetchEvidenceEvents(services.engine, filtersFor(material, c.since).slice(1), report);
		}
	}
	const events = validateEvidenceEvents(report.events.values(), { material, parties: c.parties, now, seenInner: new Set<string>(), isSignatureValid: verify });
	return { material, events, report, accepted: countAccepted(events), otherSigners };
}

async function secretFromMessage(services: MostroServices, disputeId: string, messageId: number): Promise<{ secret: string; party: DisclosedBy; at: number }> {
	const row = await services.db.selectFrom('chat_messages').select(['party', 'direction', 'content', 'sent_at']).where('id', '=', messageId).where('dispute_id', '=', disputeId).executeTakeFirst();
	// Its key was imported already (and removed from the stored message).
	const imported = await services.db.selectFrom('evidence_keys').select('id').where('dispute_id', '=', disputeId).where('source_message_id', '=', messageId).executeTakeFirst();
	if (row && imported) throw new Refusal('conflict', 'evidence.error.duplicate', { field: 'secret' });
	const secret = row && row.direction === 'in' ? findDisclosedSecret(row.content) : null;
	if (!row || !secret) throw new Refusal('invalid_input', 'evidence.error.no_key_in_message', { field: 'secret' });
	return { secret, party: row.party === 'seller' ? 'seller' : 'buyer', at: row.sent_at * 1000 };
}

export async function importEvidenceKey(services: MostroServices, actor: PersonActor, disputeId: string, input: ImportInput, now = Date.now()): Promise<ImportOutcome> {
	const c = await loadEvidenceCase(services.db, disputeId);
	assertHolder(c, actor.userId);
	let { secret, disclosedBy, via, disclosedAt } = input;
	if (input.sourceMessageId !== null) {
		const found = await secretFromMessage(services, disputeId, input.sourceMessageId);
		({ secret } = found);
		disclosedBy = found.party;
		via = 'dispute_chat';
		disclosedAt = found.at;
	}
	let x: Uint8Array;
	try {
		const classified = classifyEvidenceSecret(secret, c.parties.buyer, c.parties.seller);
		const first = classified.interpretations[0];
		x = first?.kind === 'k_conv' ? Uint8Array.from(first.convSecret) : new Uint8Array(0);
	} catch (error) {
		if (isProtocolError(error)) throw new Refusal('invalid_input', 'evidence.error.secret', { field: 'secret' });
		throw error;
	}
	const fingerprint = getPubkey(x);
	if ((await listEvidenceKeys(services.db, disputeId)).some((k) => k.fingerprint === fingerprint)) {
		x.fill(0);
		throw new Refusal('conflict', 'evidence.error.duplicate', { field: 'secret' });
	}
	const verify = buildEvidenceSignatureVerifier();
	const nowSecs = Math.floor(now / 1000);
	const [asConv, asShared] = await Promise.all([evaluate(services, materialFromKConv(Uint8Array.from(x), null), c, verify, nowSecs), evaluate(services, materialFromShared(Uint8Array.from(x)), c, verify, nowSecs)]);
	const winner = asConv.accepted >= asShared.accepted ? asConv : asShared;
	try {
		if (winner.accepted === 0) {
			const foreign = [...asConv.events, ...asShared.events].some((e) => e.verdict === 'unknown_signer');
			throw new Refusal('invalid_input', foreign ? 'evidence.error.other_trade' : 'evidence.error.no_messages', { field: 'secret' });
		}
		const m = winner.material;
		const kind: EvidenceKeyKind = m.kind === 'k_conv' ? 'k_conv' : winner.events.some((e) => e.verdict === 'accepted' && e.generation === 'current') ? 'ecdh_secret' : 'legacy_shared';
		const keyId = await services.db.transaction().execute(async (tx) => {
			const n = await nextKeyNumber(tx, disputeId);
			const inserted = await tx
				.insertInto('evidence_keys')
				.values({
					dispute_id: disputeId,
					n,
					fingerprint,
					secret_sealed: services.sealer.seal(x, keyPurpose(disputeId, n)),
					key_kind: kind,
					conv_pubkey: m.convPubkey,
					sign_pubkey: m.signPubkey,
					legacy_pubkey: m.legacyPubkey,
					since: c.since,
					disclosed_by: disclosedBy,
					disclosed_via: via,
					disclosed_at: disclosedAt ?? now,
					source_message_id: input.sourceMessageId,
					imported_by: actor.userId,
					imported_at: now,
					refreshed_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await insertEvidenceEvents(tx, inserted.id, disputeId, winner.events, now);
			if (input.sourceMessageId !== null) await redactDisclosedKey(tx, input.sourceMessageId, secret, actor.name);
			await appendAudit(tx, actor, {
				action: 'evidence.key_imported',
				subject: `dispute:${disputeId}`,
				details: { keyId: inserted.id, n, party: disclosedBy, via, kind, fingerprint, accepted: winner.accepted, rejected: winner.events.length - winner.accepted, otherSigners: winner.otherSigners, sourceMessageId: input.sourceMessageId },
				at: now
			});
			crashIfArmed('evidence-before-commit');
			return inserted.id;
		});
		archiveTranscriptAttachments(services.archive, winner.events);
		return { keyId, kind, accepted: winner.accepted, rejected: winner.events.length - winner.accepted, ecdhWarning: kind !== 'k_conv', otherSigners: winner.otherSigners, incompleteRelays: [...winner.report.incomplete] };
	} finally {
		x.fill(0);
		wipeMaterial(asConv.material);
		wipeMaterial(asShared.material);
	}
}

export interface RefreshOutcome {
	keys: number;
	added: number;
	accepted: number;
	incompleteRelays: string[];
}

/** Re-asks the relays with every imported key of the dispute; archives what is new, never drops. */
export async function refreshEvidence(services: MostroServices, actor: PersonActor, disputeId: string, now = Date.now()): Promise<RefreshOutcome> {
	const c = await loadEvidenceCase(services.db, disputeId);
	assertHolder(c, actor.userId);
	const keys = await listEvidenceKeys(services.db, disputeId);
	if (keys.length === 0) throw new Refusal('conflict', 'evidence.error.no_keys');
	const verify = buildEvidenceSignatureVerifier();
	let added = 0;
	let accepted = 0;
	const incomplete = new Set<string>();
	for (const key of keys) {
		const secret = services.sealer.open(key.secret_sealed, keyPurpose(disputeId, key.n));
		const material = key.key_kind === 'k_conv' ? materialFromKConv(secret, key.sign_pubkey) : materialFromShared(secret);
		try {
			const report = await fetchEvidenceEvents(services.engine, filtersFor(material, key.since));
			for (const relay of report.incomplete) incomplete.add(relay);
			const known = await archivedHashes(services.db, key.id);
			const fresh = [...report.events.values()].filter((f) => !known.has(f.rawHash));
			const seen = new Set(await acceptedInnerIds(services.db, key.id));
			const events = validateEvidenceEvents(fresh, { material, parties: c.parties, now: Math.floor(now / 1000), seenInner: { has: (id) => seen.has(id), add: (id) => void seen.add(id) }, isSignatureValid: verify });
			await services.db.transaction().execute(async (tx) => {
				for (const f of report.events.values()) {
					const stored = known.get(f.rawHash);
					if (stored) await mergeRelays(tx, stored.id, stored.relays, f.relays);
				}
				await insertEvidenceEvents(tx, key.id, disputeId, events, now);
				await tx.updateTable('evidence_keys').set({ refreshed_at: now }).where('id', '=', key.id).execute();
				await appendAudit(tx, actor, { action: 'evidence.refreshed', subject: `dispute:${disputeId}`, details: { keyId: key.id, added: events.length, accepted: countAccepted(events) }, at: now });
			});
			archiveTranscriptAttachments(services.archive, events);
			added += events.length;
			accepted += countAccepted(events);
		} finally {
			wipeMaterial(material);
		}
	}
	return { keys: keys.length, added, accepted, incompleteRelays: [...incomplete] };
}

/** Hex of a sealed key, for the one export that explicitly asks for it (audited by the caller). */
export function openEvidenceSecretHex(services: MostroServices, disputeId: string, key: { n: number; secret_sealed: string }): string {
	const secret = services.sealer.open(key.secret_sealed, keyPurpose(disputeId, key.n));
	try {
		return bytesToHex(secret);
	} finally {
		secret.fill(0);
	}
}
