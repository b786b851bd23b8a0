// The evidence bundle (PRODUCT.md capability 5): one JSON file with the dispute and order facts,
// the trade pubkeys, the disclosure records, every raw signed event (outer and inner) with its
// recorded verdict, attachment hashes, each archived attachment blob exactly as published (the
// ciphertext, with its SHA-256; version 2), and a manifest signed by the exporting mediator's solver
// key (a Nostr event of an ephemeral kind, never published) committing to the body and to each
// event entry. Pure: canonical hashing, the manifest template, and the types; verification lives
// in evidence-bundle-verify.ts. Time is a parameter; secrets enter only when the caller asks.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { EventTemplate, NostrEvent } from './event.ts';

export const EVIDENCE_BUNDLE_FORMAT = 'mostro-mediator/evidence-bundle';
/** 2: adds `files` (version-1 bundles, without files, still verify). */
export const EVIDENCE_BUNDLE_VERSION = 2;
/** Ephemeral range (20000–29999): a relay would not store it even if someone published it. */
export const EVIDENCE_MANIFEST_KIND = 27386;

export type DisclosedKeyKind = 'k_conv' | 'ecdh_secret' | 'legacy_shared';

export interface BundleDisclosure {
	index: number;
	kind: DisclosedKeyKind;
	conv_pubkey: string | null;
	sign_pubkey: string | null;
	legacy_pubkey: string | null;
	disclosed_by: 'buyer' | 'seller' | 'unknown';
	disclosed_via: 'dispute_chat' | 'out_of_band';
	/** Unix seconds. */
	disclosed_at: number;
	imported_at: number;
	imported_by: string | null;
	/** Hex; present only when the exporter explicitly included the disclosed key. */
	secret?: string;
}

export interface BundleAttachment {
	blossom_url: string;
	sha256: string;
	nonce: string;
	mime_type: string;
	filename: string | null;
	original_size: number;
}

export interface BundleEvent {
	key_index: number;
	generation: 'current' | 'legacy';
	/** The outer event exactly as a relay sent it. */
	outer: unknown;
	/** The decrypted inner event (null when decryption was not reached or failed). */
	inner: unknown;
	relays: string[];
	/** Unix seconds the console first saw it (also the clock its validation used). */
	first_seen_at: number;
	/** 'accepted' or the chat library's rejection reason. */
	verdict: string;
	step: number;
	signer_role: 'buyer' | 'seller' | null;
	attachment: BundleAttachment | null;
}

/** A private case note of the console's mediators (only when the exporter asked for notes). */
export interface BundleNote {
	author: string;
	/** Unix seconds. */
	at: number;
	text: string;
}

/** One attachment blob of the transcript, as the console archived it. */
export interface BundleFile {
	/** SHA-256 hex of the blob: the last path segment of the descriptors' blossom_url. */
	sha256: string;
	/** The blob exactly as published (nonce ‖ ciphertext ‖ tag), base64; null when the console never obtained it. */
	data_base64: string | null;
	size: number | null;
	/** Why there is no copy: the host that failed and the reason (an i18n key of the console). */
	unavailable: { host: string; reason: string } | null;
}

export interface BundleBody {
	format: typeof EVIDENCE_BUNDLE_FORMAT;
	version: typeof EVIDENCE_BUNDLE_VERSION;
	exported_at: number;
	exporter: { name: string; solver_pubkey: string };
	dispute: { id: string; status: string; order_id: string | null; initiator: string | null; opened_at: number };
	order: Record<string, unknown>;
	trade_pubkeys: { buyer: string; seller: string };
	disclosures: BundleDisclosure[];
	events: BundleEvent[];
	/** One entry per distinct attachment of an accepted message (version 2). */
	files: BundleFile[];
	/** The private case notes, present only when the exporter asked for them (covered by the body hash). */
	notes?: BundleNote[];
}

export interface EvidenceBundle extends BundleBody {
	manifest: NostrEvent;
}

export interface ManifestContent {
	format: typeof EVIDENCE_BUNDLE_FORMAT;
	dispute_id: string;
	body_sha256: string;
	/** [outer id, sha256 of the canonical event entry] in bundle order. */
	events: Array<[string, string]>;
}

/** JSON with object keys sorted at every level (arrays keep their order); undefined is dropped. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	const o = value as Record<string, unknown>;
	const keys = Object.keys(o)
		.filter((k) => o[k] !== undefined)
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

export function outerIdOf(entry: { outer?: unknown }): string {
	const id = (entry.outer as { id?: unknown } | null)?.id;
	return typeof id === 'string' ? id.slice(0, 64) : '';
}

/** The body: everything but the manifest. */
export function bundleBodyOf(bundle: Record<string, unknown>): Record<string, unknown> {
	const { manifest: _manifest, ...body } = bundle;
	return body;
}

export function buildManifestContent(body: BundleBody): ManifestContent {
	return {
		format: EVIDENCE_BUNDLE_FORMAT,
		dispute_id: body.dispute.id,
		body_sha256: sha256Hex(canonicalJson(body)),
		events: body.events.map((e) => [outerIdOf(e), sha256Hex(canonicalJson(e))])
	};
}

/** The manifest to sign with the exporter's solver key (`now` in unix seconds). */
export function buildManifestTemplate(body: BundleBody, now: number): EventTemplate {
	return {
		kind: EVIDENCE_MANIFEST_KIND,
		created_at: now,
		tags: [
			['d', body.dispute.id],
			['alt', 'Mostro mediator evidence bundle manifest']
		],
		content: canonicalJson(buildManifestContent(body))
	};
}
