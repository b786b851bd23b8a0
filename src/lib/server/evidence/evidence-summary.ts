// What the case workspace shows of the verified trade transcript without opening the evidence
// view: how many keys were imported, how many messages verified and events rejected, and the
// last few verified messages as untrusted text. A read only: it never records an audit entry
// (opening the evidence view does), never decrypts, never returns a key or an attachment URL.
import type { Db } from '../db/index.ts';
import { listEvidenceEvents, listEvidenceKeys } from './evidence-repository.ts';
import { describeContent } from './transcript-view.ts';

export interface EvidenceSummary {
	keys: number;
	messages: number;
	rejected: number;
	/** The newest verified messages, oldest first; text only (an attachment shows as its name). */
	recent: Array<{ innerId: string; role: 'buyer' | 'seller' | null; at: number; text: string }>;
}

const RECENT = 6;

function innerContent(innerRaw: string | null): unknown {
	if (!innerRaw) return null;
	try {
		const inner: unknown = JSON.parse(innerRaw);
		return typeof inner === 'object' && inner !== null ? (inner as { content?: unknown }).content : null;
	} catch {
		return null;
	}
}
const MAX_TEXT = 400;

export async function loadEvidenceSummary(db: Db, disputeId: string): Promise<EvidenceSummary> {
	const [keys, rows] = await Promise.all([listEvidenceKeys(db, disputeId), listEvidenceEvents(db, disputeId)]);
	const accepted = new Map<string, EvidenceSummary['recent'][number]>();
	const rejected = new Set<string>();
	for (const row of rows) {
		if (row.verdict !== 'accepted' || !row.inner_id) {
			rejected.add(`${row.raw_hash}:${row.verdict}`);
			continue;
		}
		if (accepted.has(row.inner_id)) continue;
		const shown = describeContent(innerContent(row.inner_raw), false);
		const role = row.signer_role === 'buyer' || row.signer_role === 'seller' ? row.signer_role : null;
		accepted.set(row.inner_id, { innerId: row.inner_id, role, at: row.inner_created_at ?? row.outer_created_at, text: (shown.attachment ? shown.attachment.filename : shown.text).slice(0, MAX_TEXT) });
	}
	const ordered = [...accepted.values()].sort((a, b) => a.at - b.at);
	return { keys: keys.length, messages: ordered.length, rejected: rejected.size, recent: ordered.slice(-RECENT) };
}
