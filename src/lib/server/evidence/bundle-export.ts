// Exports a dispute's evidence as one JSON bundle (format in protocol/evidence-bundle.ts): facts,
// trade pubkeys, disclosure records, every archived raw event with its verdict and attachment
// hashes, each attachment blob as published (bundle-files.ts), and a manifest signed with the exporting mediator's solver key. The disclosed chat keys
// are included only when the exporter explicitly asks (holder only) — and that is audited; the
// private case notes likewise only when asked (any mediator), and the audit entry says so.
// The solver secret is wiped after signing; nothing here is logged.
import type { MostroServices } from '../mostro/services.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { openSolverSecret } from '../vault/solver-keys.ts';
import { signEvent } from '../../protocol/event.ts';
import { parseChatContent } from '../../protocol/attachments.ts';
import {
	EVIDENCE_BUNDLE_FORMAT,
	EVIDENCE_BUNDLE_VERSION,
	buildManifestContent,
	buildManifestTemplate,
	type BundleAttachment,
	type BundleBody,
	type BundleDisclosure,
	type BundleEvent,
	type DisclosedKeyKind,
	type EvidenceBundle
} from '../../protocol/evidence-bundle.ts';
import { loadEvidenceCase } from './evidence-case.ts';
import { listEvidenceEvents, listEvidenceKeys, parseRelays } from './evidence-repository.ts';
import { openEvidenceSecretHex } from './key-import.ts';
import { collectBundleFiles } from './bundle-files.ts';
import type { PersonActor } from '../auth/actor.ts';
import { listCaseNotes } from '../case-notes/case-notes.ts';

/** What the exporter asked for beyond the evidence itself. */
export interface BundleOptions {
	/** The disclosed chat keys (holder only). */
	includeKey: boolean;
	/** The private case notes. */
	includeNotes?: boolean;
}

const secs = (ms: number) => Math.floor(ms / 1000);

function parseJson(text: string | null): unknown {
	if (!text) return null;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function attachmentOf(inner: unknown): BundleAttachment | null {
	const content = (inner as { content?: unknown } | null)?.content;
	const parsed = parseChatContent(typeof content === 'string' ? content : '');
	if (parsed.type !== 'attachment') return null;
	const a = parsed.attachment;
	return { blossom_url: a.blossom_url, sha256: a.blossom_url.split('/').pop()?.slice(0, 64) ?? '', nonce: a.nonce, mime_type: a.mime_type, filename: a.filename, original_size: a.original_size };
}

/** A built (signed) bundle, not yet audited: what the JSON download and the HTML case record share. */
export interface BuiltBundle {
	bundle: EvidenceBundle;
	json: string;
	bodySha256: string;
	keys: number;
	/** Files the bundle carries (with their bytes). */
	files: number;
	/** Case notes carried; null when not asked for. */
	notes: number | null;
}

/** Builds and signs the bundle; the caller audits what it hands out. */
export async function buildEvidenceBundle(services: MostroServices, actor: PersonActor, disputeId: string, options: BundleOptions, now = Date.now()): Promise<BuiltBundle> {
	const c = await loadEvidenceCase(services.db, disputeId);
	if (options.includeKey && c.holderUserId !== actor.userId) throw new Refusal('not_authorized', 'evidence.error.not_holder');
	const [keys, rows] = await Promise.all([listEvidenceKeys(services.db, disputeId), listEvidenceEvents(services.db, disputeId)]);
	if (keys.length === 0) throw new Refusal('conflict', 'evidence.error.no_keys');
	const names = new Map((await services.db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
	const disclosures: BundleDisclosure[] = keys.map((k) => ({
		index: k.n,
		kind: k.key_kind as DisclosedKeyKind,
		conv_pubkey: k.conv_pubkey,
		sign_pubkey: k.sign_pubkey,
		legacy_pubkey: k.legacy_pubkey,
		disclosed_by: k.disclosed_by === 'buyer' || k.disclosed_by === 'seller' ? k.disclosed_by : 'unknown',
		disclosed_via: k.disclosed_via === 'dispute_chat' ? 'dispute_chat' : 'out_of_band',
		disclosed_at: secs(k.disclosed_at),
		imported_at: secs(k.imported_at),
		imported_by: k.imported_by === null ? null : (names.get(k.imported_by) ?? null),
		...(options.includeKey ? { secret: openEvidenceSecretHex(services, disputeId, k) } : {})
	}));
	const nByKey = new Map(keys.map((k) => [k.id, k.n]));
	const events: BundleEvent[] = rows.map((r) => {
		const inner = parseJson(r.inner_raw);
		return {
			key_index: nByKey.get(r.key_id) ?? 0,
			generation: r.generation === 'legacy' ? 'legacy' : 'current',
			outer: parseJson(r.outer_raw),
			inner,
			relays: parseRelays(r.relays),
			first_seen_at: secs(r.first_seen_at),
			verdict: r.verdict,
			step: r.step,
			signer_role: r.signer_role === 'buyer' || r.signer_role === 'seller' ? r.signer_role : null,
			attachment: r.verdict === 'accepted' ? attachmentOf(inner) : null
		};
	});
	const files = await collectBundleFiles(services.archive, events);
	const notes = options.includeNotes ? (await listCaseNotes(services.db, disputeId)).map((n) => ({ author: n.authorName, at: secs(n.at), text: n.body })) : null;
	const key = await openSolverSecret(services.db, services.sealer, actor.userId);
	if (!key) throw new Refusal('conflict', 'evidence.error.no_solver_key');
	let bundle: EvidenceBundle;
	let bodySha256: string;
	try {
		const body: BundleBody = {
			format: EVIDENCE_BUNDLE_FORMAT,
			version: EVIDENCE_BUNDLE_VERSION,
			exported_at: secs(now),
			exporter: { name: actor.name, solver_pubkey: key.pubkey },
			dispute: { id: c.disputeId, status: c.status, order_id: c.orderId, initiator: c.initiator, opened_at: c.openedAt },
			order: c.info,
			trade_pubkeys: { buyer: c.parties.buyer, seller: c.parties.seller },
			disclosures,
			events,
			files,
			...(notes ? { notes } : {})
		};
		bodySha256 = buildManifestContent(body).body_sha256;
		bundle = { ...body, manifest: signEvent(buildManifestTemplate(body, secs(now)), key.secret) };
	} finally {
		key.secret.fill(0);
	}
	return { bundle, json: JSON.stringify(bundle, null, 1), bodySha256, keys: keys.length, files: files.filter((f) => f.data_base64 !== null).length, notes: notes ? notes.length : null };
}

export async function exportEvidenceBundle(services: MostroServices, actor: PersonActor, disputeId: string, options: BundleOptions, now = Date.now()): Promise<{ filename: string; json: string; bundle: EvidenceBundle }> {
	const built = await buildEvidenceBundle(services, actor, disputeId, options, now);
	const { bundle } = built;
	await services.db.transaction().execute((tx) =>
		appendAudit(tx, actor, {
			action: options.includeKey ? 'evidence.exported_with_key' : 'evidence.exported',
			subject: `dispute:${disputeId}`,
			details: { includeKey: options.includeKey, notes: built.notes, events: bundle.events.length, keys: built.keys, files: built.files, bodySha256: built.bodySha256, manifestId: bundle.manifest.id },
			at: now
		})
	);
	return { filename: `evidence-${disputeId}-${secs(now)}.json`, json: built.json, bundle };
}
