// Exports a dispute's printable case record (issue 15, "A readable case record"): builds and
// signs the evidence bundle (never with the disclosed key), verifies it as `evidence verify`
// would, decrypts the archived image attachments a disclosed key (or an inline key) opens, and
// renders the HTML (case-record-html.ts) in the exporting user's language. Audited like the
// bundle export, with the hashes printed on the record's first page. Command shape
// (services, actor, subjectId, input). Must never put a key into the record, never decrypt a
// blob that does not match its hash (openAttachment checks), never log bytes or keys.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { MostroServices } from '../mostro/services.ts';
import type { PersonActor } from '../auth/actor.ts';
import type { Locale } from '../../i18n/index.ts';
import { appendAudit } from '../audit/log.ts';
import { isRefusal } from '../errors.ts';
import { openAttachment, parseChatContent, type EncryptedAttachment } from '../../protocol/attachments.ts';
import { verifyEvidenceBundle } from '../../protocol/evidence-bundle-verify.ts';
import type { EvidenceBundle } from '../../protocol/evidence-bundle.ts';
import { buildEvidenceBundle } from './bundle-export.ts';
import { listEvidenceKeys, keyPurpose } from './evidence-repository.ts';
import { renderCaseRecord, sniffInlineImage } from './case-record-html.ts';

export interface CaseRecordExport {
	filename: string;
	html: string;
	bundleSha256: string;
}

function descriptorOf(inner: unknown): EncryptedAttachment | null {
	const content = (inner as { content?: unknown } | null)?.content;
	try {
		const parsed = parseChatContent(typeof content === 'string' ? content : '');
		return parsed.type === 'attachment' ? parsed.attachment : null;
	} catch {
		return null;
	}
}

/** The archived images of accepted messages that a key opens, decrypted, by blob hash. */
async function openImages(services: MostroServices, disputeId: string, bundle: EvidenceBundle): Promise<Map<string, Uint8Array>> {
	const keys = new Map((await listEvidenceKeys(services.db, disputeId)).map((k) => [k.n, k]));
	const images = new Map<string, Uint8Array>();
	for (const e of bundle.events) {
		if (e.verdict !== 'accepted' || !e.attachment || images.has(e.attachment.sha256)) continue;
		const descriptor = descriptorOf(e.inner);
		const key = keys.get(e.key_index);
		if (!descriptor || (!descriptor.key && (!key || key.key_kind === 'k_conv'))) continue;
		let blob: Uint8Array;
		try {
			blob = (await services.archive.readArchived(e.attachment.sha256)) ?? (await services.archive.obtain(descriptor.blossom_url));
		} catch (error) {
			if (isRefusal(error)) continue; // listed in the files table as never obtained
			throw error;
		}
		const shared = descriptor.key || !key ? null : services.sealer.open(key.secret_sealed, keyPurpose(disputeId, key.n));
		try {
			const plain = openAttachment(blob, descriptor, shared);
			if (sniffInlineImage(plain)) images.set(e.attachment.sha256, plain);
		} catch {
			// does not decrypt: the verification section and the files table say so
		} finally {
			shared?.fill(0);
		}
	}
	return images;
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64);

export async function exportCaseRecord(services: MostroServices, actor: PersonActor, disputeId: string, input: { locale: Locale; includeNotes?: boolean }, now = Date.now()): Promise<CaseRecordExport> {
	const built = await buildEvidenceBundle(services, actor, disputeId, { includeKey: false, includeNotes: input.includeNotes === true }, now);
	const bundleSha256 = bytesToHex(sha256(new TextEncoder().encode(built.json)));
	const report = verifyEvidenceBundle(JSON.parse(built.json) as unknown);
	const images = await openImages(services, disputeId, built.bundle);
	const html = renderCaseRecord({ locale: input.locale, bundle: built.bundle, bundleJson: built.json, bundleSha256, bodySha256: built.bodySha256, report, images, generatedAt: now, exporterName: actor.name });
	await services.db.transaction().execute((tx) =>
		appendAudit(tx, actor, {
			action: 'evidence.record_exported',
			subject: `dispute:${disputeId}`,
			details: {
				notes: built.notes,
				events: built.bundle.events.length,
				keys: built.keys,
				files: built.files,
				images: images.size,
				verified: report.ok,
				bundleSha256,
				bodySha256: built.bodySha256,
				manifestId: built.bundle.manifest.id,
				locale: input.locale
			},
			at: now
		})
	);
	return { filename: `case-record-${safeName(disputeId)}-${Math.floor(now / 1000)}.html`, html, bundleSha256 };
}
