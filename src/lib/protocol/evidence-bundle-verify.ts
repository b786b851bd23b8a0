// Offline verification of an evidence bundle (see evidence-bundle.ts): the manifest's signature
// and commitments (body hash, one hash per event entry, so an altered entry is named), every
// outer and inner signature, and each recorded verdict re-derived — structurally without the
// chat key, or by re-running the chat spec's validation order with it (a key given by the
// caller or included in the bundle) — and the attachment blobs the bundle carries
// (evidence-bundle-files.ts). Pure: the clock of each event is its recorded first-seen
// time. Never throws on untrusted input; every problem is reported in words.
import { parseChatContent } from './attachments.ts';
import { isEventSignatureValid, parseEvent, computeEventId, type NostrEvent } from './event.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import { getPubkey, isHex64, isValidScalar } from './keys.ts';
import { CHAT_MAX_CLOCK_SKEW_SECS, buildChatChannelView, unwrapChatMessage } from './chat/unwrap.ts';
import { deriveChatKeys, legacySharedPubkey } from './chat/keys.ts';
import { unwrapLegacyChat } from './chat/legacy.ts';
import { buildSignatureVerifier, type Bip340Check } from './signature-verifier.ts';
import { checkBundleFiles, type FileCheck } from './evidence-bundle-files.ts';
import { EVIDENCE_BUNDLE_FORMAT, EVIDENCE_MANIFEST_KIND, bundleBodyOf, canonicalJson, outerIdOf, sha256Hex, type BundleDisclosure, type ManifestContent } from './evidence-bundle.ts';

export interface EventCheck {
	index: number;
	outerId: string;
	/** The inner event's id: one message found by two keys is two checks with one innerId. */
	innerId: string | null;
	role: string | null;
	innerAt: number | null;
	/** Message text, or `[attachment name]`, or null when not readable. */
	text: string | null;
	verdict: string;
	/** 'key' when re-derived by decrypting, 'structure' when checked without the key. */
	checkedWith: 'key' | 'structure';
	/**
	 * Whether the outer event's own signature verifies (null when it is malformed). Checked for
	 * every event; a failure is a problem only where the recorded verdict relies on it (step ≥ 7).
	 */
	outerSignature: boolean | null;
	problems: string[];
}

export interface BundleReport {
	ok: boolean;
	problems: string[];
	signer: string | null;
	disputeId: string | null;
	events: EventCheck[];
	/** One per distinct attachment blob of an accepted message. */
	files: FileCheck[];
	/** How many private case notes the bundle carries; null when it carries none (not asked for). */
	notes: number | null;
}

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function tryParse(v: unknown): NostrEvent | null {
	try {
		return parseEvent(v);
	} catch {
		return null;
	}
}

interface KeyView {
	convPubkey: string | null;
	signPubkey: string | null;
	legacyPubkey: string | null;
	view: ReturnType<typeof buildChatChannelView> | null;
	shared: Uint8Array | null;
}

/** Interpret `hex` for one disclosure; null when the key does not belong to it. */
function keyFor(d: BundleDisclosure, hex: string): KeyView | null {
	if (!isHex64(hex)) return null;
	const x = hexToBytes(hex);
	if (!isValidScalar(x)) return null;
	if (d.kind === 'k_conv') {
		if (getPubkey(x) !== d.conv_pubkey || !d.sign_pubkey) return null;
		return { convPubkey: d.conv_pubkey, signPubkey: d.sign_pubkey, legacyPubkey: null, view: buildChatChannelView(x, d.sign_pubkey), shared: null };
	}
	const derived = deriveChatKeys(x);
	const legacy = legacySharedPubkey(x);
	if (derived.convPubkey !== d.conv_pubkey && legacy !== d.legacy_pubkey) return null;
	return { convPubkey: derived.convPubkey, signPubkey: derived.signPubkey, legacyPubkey: legacy, view: buildChatChannelView(derived.convSecret, derived.signPubkey), shared: x };
}

function describe(inner: NostrEvent | null): string | null {
	if (!inner) return null;
	const c = parseChatContent(inner.content);
	return c.type === 'text' ? c.text : `[attachment ${c.attachment.filename ?? c.attachment.mime_type} sha256 ${c.attachment.blossom_url.split('/').pop()}]`;
}

export function verifyEvidenceBundle(input: unknown, options: { secretHex?: string | null; bip340?: Bip340Check } = {}): BundleReport {
	const problems: string[] = [];
	const b = obj(input);
	if (!b || b.format !== EVIDENCE_BUNDLE_FORMAT || !Array.isArray(b.events) || !Array.isArray(b.disclosures)) {
		return { ok: false, problems: ['not an evidence bundle of a known format'], signer: null, disputeId: null, events: [], files: [], notes: null };
	}
	const dispute = obj(b.dispute);
	const disputeId = str(dispute?.id);
	const parties = obj(b.trade_pubkeys);
	const buyer = str(parties?.buyer);
	const seller = str(parties?.seller);
	const exporter = str(obj(b.exporter)?.solver_pubkey);
	const events = b.events as unknown[];
	const disclosures = (b.disclosures as unknown[]).map(obj).filter((d): d is Record<string, unknown> => d !== null) as unknown as BundleDisclosure[];

	// Manifest: signed by the exporter, committing to the body and to each entry.
	const manifest = tryParse(b.manifest);
	let content: ManifestContent | null = null;
	if (!manifest || !isEventSignatureValid(manifest)) problems.push('manifest signature is not valid');
	else if (manifest.kind !== EVIDENCE_MANIFEST_KIND || manifest.pubkey !== exporter) problems.push('manifest is not signed by the exporting solver key');
	if (manifest) {
		try {
			content = JSON.parse(manifest.content) as ManifestContent;
		} catch {
			problems.push('manifest content is not readable');
		}
	}
	if (content) {
		if (content.dispute_id !== disputeId) problems.push('manifest names another dispute');
		if (content.body_sha256 !== sha256Hex(canonicalJson(bundleBodyOf(b)))) problems.push('bundle body differs from what the manifest signed');
		if (!Array.isArray(content.events) || content.events.length !== events.length) problems.push('event list differs in length from the manifest');
	}
	if (!buyer || !seller) problems.push('trade pubkeys missing');
	// Case notes are optional; when present each is an author, a time and a text.
	const notes = b.notes === undefined ? null : Array.isArray(b.notes) ? b.notes.length : -1;
	if (notes === -1 || (Array.isArray(b.notes) && !b.notes.every((n) => typeof obj(n)?.author === 'string' && typeof obj(n)?.text === 'string' && typeof obj(n)?.at === 'number'))) problems.push('case notes are malformed');
	const allowed = new Set([buyer ?? '', seller ?? '']);
	const verify = buildSignatureVerifier({ bip340: options.bip340 });

	const keys = new Map<number, KeyView>();
	for (const d of disclosures) {
		const hex = options.secretHex ?? d.secret ?? null;
		const k = hex ? keyFor(d, hex.trim().toLowerCase().replace(/^0x/, '')) : null;
		if (k) keys.set(d.index, k);
		else if (d.secret) problems.push(`disclosure ${d.index}: the included key does not match it`);
	}
	if (options.secretHex && keys.size === 0) problems.push('the given key matches no disclosure in this bundle');
	const seenInner = new Map<number, Set<string>>();
	const seenOuter = new Map<number, Set<string>>();
	const acceptedInner = new Map<number, Set<string>>();
	const checks: EventCheck[] = events.map((raw, index) => {
		const e = obj(raw) ?? {};
		const outerId = outerIdOf(e);
		const verdict = str(e.verdict) ?? '';
		const keyIndex = typeof e.key_index === 'number' ? e.key_index : -1;
		const d = disclosures.find((x) => x.index === keyIndex);
		const p: string[] = [];
		const entry = content?.events?.[index];
		if (!Array.isArray(entry) || entry[0] !== outerId || entry[1] !== sha256Hex(canonicalJson(raw))) p.push('entry altered after export (hash differs from the manifest)');
		const outer = tryParse(e.outer);
		const inner = tryParse(e.inner);
		const innerRumor = obj(e.inner);
		const role = str(e.signer_role);
		const step = typeof e.step === 'number' ? e.step : -1;
		if (!d) p.push('no disclosure for this event');
		if (!outer && verdict !== 'malformed') p.push('outer event is malformed');
		const outerSig = outer ? verify(outer) : false;
		if (verdict === 'bad_outer_sig' && outerSig) p.push('recorded as a bad outer signature, but it verifies');
		if (verdict !== 'bad_outer_sig' && step >= 7 && !outerSig) p.push('outer signature does not verify');
		if (verdict === 'accepted' || verdict === 'replay' || verdict === 'skew' || verdict === 'wrong_kind' || verdict === 'unknown_signer') {
			const innerOk = inner
				? verify(inner)
				: innerRumor !== null &&
					e.generation === 'legacy' &&
					str(innerRumor.id) ===
						(() => {
							try {
								return computeEventId(parseEvent({ ...innerRumor, sig: '0'.repeat(128) }));
							} catch {
								return null;
							}
						})();
			if (!innerOk) p.push('inner signature does not verify');
		}
		const innerPubkey = inner?.pubkey ?? str(innerRumor?.pubkey);
		const innerId = inner?.id ?? str(innerRumor?.id);
		const innerAt = inner?.created_at ?? (typeof innerRumor?.created_at === 'number' ? innerRumor.created_at : null);
		if (verdict === 'accepted') {
			if (!innerPubkey || !allowed.has(innerPubkey)) p.push('inner signer is not a trade key');
			else if (role !== (innerPubkey === buyer ? 'buyer' : 'seller')) p.push('signer role does not match the inner signer');
			if ((inner?.kind ?? innerRumor?.kind) !== 1) p.push('inner kind is not 1');
			if (outer && d && e.generation === 'current') {
				if (outer.kind !== 14 || outer.pubkey !== d.sign_pubkey) p.push('outer author is not the conversation signer');
				const pTags = outer.tags.filter((t) => t[0] === 'p');
				if (pTags.length !== 1 || pTags[0]?.[1] !== d.conv_pubkey) p.push('outer p tag is not the conversation');
				if (innerAt === null || Math.abs(innerAt - outer.created_at) > CHAT_MAX_CLOCK_SKEW_SECS) p.push('inner and outer times disagree');
			}
			const accepted = acceptedInner.get(keyIndex) ?? new Set<string>();
			if (innerId && accepted.has(innerId)) p.push('accepted twice (a replay recorded as accepted)');
			if (innerId) accepted.add(innerId);
			acceptedInner.set(keyIndex, accepted);
		}
		if (verdict === 'replay' && !(innerId && acceptedInner.get(keyIndex)?.has(innerId))) p.push('recorded as a replay of a message that is not in the bundle');
		const k = keys.get(keyIndex);
		let checkedWith: EventCheck['checkedWith'] = 'structure';
		if (k && outer) {
			checkedWith = 'key';
			const now = typeof e.first_seen_at === 'number' ? e.first_seen_at : 0;
			const inners = seenInner.get(keyIndex) ?? new Set<string>();
			const outers = seenOuter.get(keyIndex) ?? new Set<string>();
			seenInner.set(keyIndex, inners);
			seenOuter.set(keyIndex, outers);
			let again = '';
			let againInner: string | null = null;
			if (outer.kind === 1059 && k.shared) {
				const r = unwrapLegacyChat(e.outer, { shared: k.shared, allowedSigners: allowed, seenInner: inners, isSignatureValid: verify });
				again = r.ok ? 'accepted' : r.reason;
				againInner = r.ok ? r.inner.id : null;
			} else if (k.view) {
				const r = unwrapChatMessage(e.outer, { channel: k.view, allowedSigners: allowed, now, seenOuter: outers, seenInner: inners, isSignatureValid: verify });
				again = r.ok ? 'accepted' : r.reason;
				againInner = r.ok ? r.inner.id : null;
			}
			if (again !== verdict) p.push(`recorded verdict ${verdict}, re-derived ${again || 'unreadable'}`);
			if (again === 'accepted' && againInner !== innerId) p.push('decrypted inner event differs from the bundled one');
		}
		return {
			index,
			outerId,
			innerId: verdict === 'accepted' ? innerId : null,
			role,
			innerAt,
			outerSignature: outer ? outerSig : null,
			text: verdict === 'accepted' || inner ? (describe(inner) ?? (typeof innerRumor?.content === 'string' ? innerRumor.content : null)) : null,
			verdict,
			checkedWith,
			problems: p
		};
	});
	const files = checkBundleFiles(events, b.files, (index) => keys.get(index)?.shared ?? null);
	const ok = problems.length === 0 && checks.every((c) => c.problems.length === 0) && files.every((f) => f.problems.length === 0);
	return { ok, problems, signer: manifest?.pubkey ?? null, disputeId, events: checks, files, notes: notes === -1 ? null : notes };
}
