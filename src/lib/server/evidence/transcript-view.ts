// What the evidence page shows (PRODUCT.md capability 5): the disclosure records, every accepted
// message in order of its validated inner time with the side that signed it and the relays that
// held it, the rejected events with their reason, long silences, and attachments (decryptable or
// "present, key not disclosed"). Read from the archive only — the relays may have dropped it all.
// Viewing is audited. Texts are untrusted and returned as plain strings; no secret is returned.
import type { MostroServices } from '../mostro/services.ts';
import { recordAudit } from '../audit/log.ts';
import { blobHashFromUrl, parseChatContent } from '../../protocol/attachments.ts';
import type { ArchiveStatus } from '../archive/attachment-archive.ts';
import { loadEvidenceCase } from './evidence-case.ts';
import { listEvidenceEvents, listEvidenceKeys, parseRelays, unionRelays, type EvidenceEventRow } from './evidence-repository.ts';
import type { Actor } from '../auth/actor.ts';

export interface EvidenceKeyView {
	id: number;
	n: number;
	kind: string;
	disclosedBy: string;
	disclosedVia: string;
	disclosedAt: number;
	importedBy: string | null;
	importedAt: number;
	refreshedAt: number;
	fingerprint: string;
	decryptsAttachments: boolean;
}

export interface EvidenceAttachmentView {
	filename: string;
	mimeType: string;
	size: number;
	sha256: string;
	decryptable: boolean;
	/** Whether the console keeps a copy (filled by loadEvidence; null until then). */
	archive: ArchiveStatus | null;
}

export interface EvidenceMessageView {
	id: number;
	keyN: number;
	role: 'buyer' | 'seller' | null;
	generation: string;
	innerId: string;
	outerId: string;
	innerAt: number;
	outerAt: number;
	firstSeenAt: number;
	relays: string[];
	text: string;
	attachment: EvidenceAttachmentView | null;
	/** Seconds of silence before this message. */
	silenceBefore: number;
	/** The silence before it is long enough to flag (`LONG_SILENCE_SECS`). */
	longSilence: boolean;
}

export interface RejectedEventView {
	id: number;
	keyN: number;
	outerId: string;
	reason: string;
	step: number;
	outerAt: number;
	relays: string[];
	role: 'buyer' | 'seller' | null;
	text: string | null;
}

export interface EvidenceView {
	dispute: { id: string; status: string; orderId: string | null; buyer: string; seller: string; holderUserId: number | null };
	keys: EvidenceKeyView[];
	messages: EvidenceMessageView[];
	rejected: RejectedEventView[];
	rejectedByReason: Array<{ reason: string; n: number }>;
}

/** Silences longer than this are flagged on the page. */
export const LONG_SILENCE_SECS = 6 * 3600;
const MAX_REJECTED_LISTED = 300;

function innerOf(row: EvidenceEventRow): { pubkey?: unknown; content?: unknown } | null {
	if (!row.inner_raw) return null;
	try {
		const v: unknown = JSON.parse(row.inner_raw);
		return typeof v === 'object' && v !== null ? (v as { pubkey?: unknown; content?: unknown }) : null;
	} catch {
		return null;
	}
}

const asRole = (v: string | null): 'buyer' | 'seller' | null => (v === 'buyer' || v === 'seller' ? v : null);

export function describeContent(content: unknown, keyDecrypts: boolean): { text: string; attachment: EvidenceAttachmentView | null; url?: string } {
	const parsed = parseChatContent(typeof content === 'string' ? content : '');
	if (parsed.type === 'text') return { text: parsed.text, attachment: null };
	const a = parsed.attachment;
	return {
		text: '',
		attachment: {
			filename: (a.filename ?? '').slice(0, 100),
			mimeType: a.mime_type.slice(0, 100),
			size: a.original_size,
			sha256: a.blossom_url.split('/').pop()?.slice(0, 64) ?? '',
			decryptable: a.key !== null || keyDecrypts,
			archive: null
		},
		url: a.blossom_url
	};
}

/** Puts messages in inner-time order and measures the silence before each one. */
export function orderTranscript(messages: Array<Pick<EvidenceMessageView, 'id' | 'innerAt' | 'silenceBefore' | 'longSilence'>>): void {
	messages.sort((a, b) => a.innerAt - b.innerAt || a.id - b.id);
	messages.forEach((m, i) => {
		const prev = messages[i - 1];
		m.silenceBefore = prev ? m.innerAt - prev.innerAt : 0;
		m.longSilence = m.silenceBefore >= LONG_SILENCE_SECS;
	});
}

export async function loadEvidence(services: MostroServices, actor: Actor, disputeId: string): Promise<EvidenceView> {
	const c = await loadEvidenceCase(services.db, disputeId);
	const [keys, rows, users] = await Promise.all([listEvidenceKeys(services.db, disputeId), listEvidenceEvents(services.db, disputeId), services.db.selectFrom('users').select(['id', 'name']).execute()]);
	const names = new Map(users.map((u) => [u.id, u.name]));
	const keyById = new Map(keys.map((k) => [k.id, k]));
	const decrypts = (keyId: number) => keyById.get(keyId)?.key_kind !== 'k_conv';
	// Two keys of the same conversation (buyer's K_conv, seller's ECDH secret) find the same
	// message: it is shown once, from the copy whose key opens attachments, with every relay that
	// held any copy and the earliest first-seen time. Rejections are shown once per event and reason.
	const copies = new Map<string, EvidenceEventRow[]>();
	const rejected: RejectedEventView[] = [];
	const byReason = new Map<string, number>();
	const seenRejected = new Map<string, RejectedEventView | null>();
	for (const row of rows) {
		if (row.verdict === 'accepted' && row.inner_id) {
			const same = copies.get(row.inner_id);
			if (same) same.push(row);
			else copies.set(row.inner_id, [row]);
			continue;
		}
		// The same event rejected for the same reason under two keys is one rejection (its relays merged).
		const once = `${row.raw_hash}:${row.verdict}`;
		const listed = seenRejected.get(once);
		if (listed !== undefined) {
			if (listed) listed.relays = unionRelays(listed.relays, parseRelays(row.relays));
			continue;
		}
		byReason.set(row.verdict, (byReason.get(row.verdict) ?? 0) + 1);
		seenRejected.set(once, null);
		if (rejected.length < MAX_REJECTED_LISTED) {
			const inner = innerOf(row);
			const view: RejectedEventView = {
				id: row.id,
				keyN: keyById.get(row.key_id)?.n ?? 0,
				outerId: row.outer_id,
				reason: row.verdict,
				step: row.step,
				outerAt: row.outer_created_at,
				relays: parseRelays(row.relays),
				role: asRole(row.signer_role),
				text: typeof inner?.content === 'string' ? inner.content.slice(0, 2000) : null
			};
			rejected.push(view);
			seenRejected.set(once, view);
		}
	}
	const messages: EvidenceMessageView[] = [];
	const urls = new Map<number, string>();
	for (const [innerId, same] of copies) {
		const row = same.find((r) => decrypts(r.key_id)) ?? same[0]!;
		const relays = unionRelays(...same.map((r) => parseRelays(r.relays)));
		const { url, ...shown } = describeContent(innerOf(row)?.content, decrypts(row.key_id));
		if (url) urls.set(row.id, url);
		messages.push({
			id: row.id,
			keyN: keyById.get(row.key_id)?.n ?? 0,
			role: asRole(row.signer_role),
			generation: row.generation,
			innerId,
			outerId: row.outer_id,
			innerAt: row.inner_created_at ?? row.outer_created_at,
			outerAt: row.outer_created_at,
			firstSeenAt: Math.min(...same.map((r) => r.first_seen_at)),
			relays,
			...shown,
			silenceBefore: 0,
			longSilence: false
		});
	}
	orderTranscript(messages);
	const blobs = [...urls].flatMap(([id, url]) => {
		const hash = blobHashFromUrl(url);
		return hash ? [{ id, hash, url }] : [];
	});
	const archive = await services.archive.status(blobs);
	for (const m of messages) {
		const blob = blobs.find((b) => b.id === m.id);
		if (m.attachment && blob) m.attachment.archive = archive.get(blob.hash) ?? null;
	}
	await recordAudit(services.db, actor, { action: 'evidence.viewed', subject: `dispute:${disputeId}`, details: { messages: messages.length, rejected: [...byReason.values()].reduce((a, n) => a + n, 0) } });
	return {
		dispute: { id: c.disputeId, status: c.status, orderId: c.orderId, buyer: c.parties.buyer, seller: c.parties.seller, holderUserId: c.holderUserId },
		keys: keys.map((k) => ({
			id: k.id,
			n: k.n,
			kind: k.key_kind,
			disclosedBy: k.disclosed_by,
			disclosedVia: k.disclosed_via,
			disclosedAt: k.disclosed_at,
			importedBy: k.imported_by === null ? null : (names.get(k.imported_by) ?? null),
			importedAt: k.imported_at,
			refreshedAt: k.refreshed_at,
			fingerprint: k.fingerprint,
			decryptsAttachments: k.key_kind !== 'k_conv'
		})),
		messages,
		rejected,
		rejectedByReason: [...byReason.entries()].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n)
	};
}
