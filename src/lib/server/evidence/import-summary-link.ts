// After a chat-key import the evidence page is reached by a 303 redirect, so a reload never
// submits the import again. The summary the page shows (kind, accepted, rejected, warnings)
// travels in the redirect's query and is parsed back here. Counts and relay URLs only:
// never the secret, never anything that would let the link import again.
import type { ImportOutcome } from './key-import.ts';
import type { EvidenceKeyKind } from './key-material.ts';

export type ImportSummary = Omit<ImportOutcome, 'keyId'>;

const KINDS: readonly EvidenceKeyKind[] = ['k_conv', 'ecdh_secret', 'legacy_shared'];

/** Where the import's redirect goes: the evidence page with the summary in its query. */
export function importSummaryLocation(disputeId: string, outcome: ImportOutcome): string {
	const query = new URLSearchParams({
		imported: outcome.kind,
		accepted: String(outcome.accepted),
		rejected: String(outcome.rejected)
	});
	if (outcome.ecdhWarning) query.set('ecdh', '1');
	if (outcome.otherSigners > 0) query.set('others', String(outcome.otherSigners));
	for (const relay of outcome.incompleteRelays.slice(0, 20)) query.append('incomplete', relay);
	return `/disputes/${encodeURIComponent(disputeId)}/evidence?${query}`;
}

function count(value: string | null): number {
	const n = Number(value ?? '0');
	return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** The summary in an evidence page URL, or null when the URL carries none (or a bad kind). */
export function parseImportSummary(params: URLSearchParams): ImportSummary | null {
	const kind = params.get('imported');
	const known = KINDS.find((k) => k === kind);
	if (known === undefined) return null;
	return {
		kind: known,
		accepted: count(params.get('accepted')),
		rejected: count(params.get('rejected')),
		ecdhWarning: params.get('ecdh') === '1',
		otherSigners: count(params.get('others')),
		incompleteRelays: params
			.getAll('incomplete')
			.filter((relay) => /^wss?:\/\/\S{1,200}$/.test(relay))
			.slice(0, 20)
	};
}
