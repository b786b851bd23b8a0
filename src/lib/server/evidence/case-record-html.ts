// Renders the printable case record (issue 15, "A readable case record"): one self-contained
// HTML page made from an evidence bundle and its verification report — the bundle's SHA-256 and
// the verification status on the first page, the dispute, the disclosures, the verified
// transcript with images inline, the rejected events, the files, the problems, and the bundle
// itself as an appendix (screen only), in the exporting user's language. Pure: no I/O.
// Must never emit a script, an event handler, an external reference or an SVG: every value that
// comes from the bundle (parties' texts and file names above all) is escaped, and only images
// sniffed as PNG, JPEG, GIF or WebP by their magic bytes are inlined, as base64 data: URLs.
import { keyOf, translate, type Locale, type MessageKey } from '../../i18n/index.ts';
import type { BundleReport } from '../../protocol/evidence-bundle-verify.ts';
import type { BundleEvent, EvidenceBundle } from '../../protocol/evidence-bundle.ts';
import { countDistinct } from './bundle-report.ts';

export type InlineImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface CaseRecordInput {
	locale: Locale;
	bundle: EvidenceBundle;
	/** The bundle exactly as exported (the appendix), and the SHA-256 hex of its UTF-8 bytes. */
	bundleJson: string;
	bundleSha256: string;
	bodySha256: string;
	report: BundleReport;
	/** Decrypted images by the blob's SHA-256 (as published); only these are shown inline. */
	images: ReadonlyMap<string, Uint8Array>;
	generatedAt: number;
	exporterName: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** The image type by magic bytes (never the declared type; SVG and everything else: null). */
export function sniffInlineImage(bytes: Uint8Array): InlineImageType | null {
	const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return 'image/gif';
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return null;
}

const utc = (secs: number | null | undefined) => (typeof secs === 'number' && Number.isFinite(secs) ? new Date(secs * 1000).toISOString().slice(0, 19).replace('T', ' ') : '—');
const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
.status{padding:.6rem .8rem;border:2px solid;margin:.8rem 0;font-weight:600}.ok{border-color:#1a7f37;color:#1a7f37}.bad{border-color:#b42318;color:#b42318}
.msg{white-space:pre-wrap;word-break:break-word}img.proof{max-width:100%;max-height:28rem;display:block;margin:.3rem 0;border:1px solid #ccc}
pre.bundle{white-space:pre-wrap;word-break:break-all;font-size:.7rem;border:1px solid #ccc;padding:.5rem;max-height:40rem;overflow:auto}
.front{break-after:page}.muted{color:#555;font-size:.9em}
@media print{body{margin:0;max-width:none}.appendix{display:none}tr,img{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

function table(head: string[], rows: string[][]): string {
	const th = head.map((h) => `<th>${h}</th>`).join('');
	return `<table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function base64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function renderCaseRecord(input: CaseRecordInput): string {
	const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(input.locale, key, params);
	const { bundle, report } = input;
	const esc = escapeHtml;
	const { messages, rejected } = countDistinct(report);
	const checkedFiles = report.files.filter((f) => f.status === 'ok').length;
	const problems = [...report.problems, ...report.events.flatMap((e) => e.problems.map((p) => `${e.outerId || `#${e.index}`}: ${p}`)), ...report.files.flatMap((f) => f.problems.map((p) => `${f.sha256}: ${p}`))];
	const roleName = (role: string | null) => (role === 'buyer' || role === 'seller' ? t(`record.field.${role}`) : t('evidence.role.unknown'));
	const checkOf = new Map(report.events.map((e) => [e.index, e]));

	const front = [
		`<h1>${esc(t('record.title', { id: bundle.dispute.id }))}</h1>`,
		`<p>${esc(t('record.bundle_hash'))}:<br><code class="hash" id="bundle-sha256">${esc(input.bundleSha256)}</code></p>`,
		`<p class="muted">${esc(t('record.body_hash'))}: <code class="hash">${esc(input.bodySha256)}</code><br>${esc(t('record.manifest', { id: bundle.manifest.id, pubkey: bundle.manifest.pubkey }))}<br>${esc(t('record.generated', { at: `${utc(Math.floor(input.generatedAt / 1000))} UTC`, name: input.exporterName }))}</p>`,
		report.ok
			? `<p class="status ok" id="verification">${esc(t('record.verified', { messages, rejected, files: checkedFiles, total: report.files.length }))}</p>`
			: `<p class="status bad" id="verification">${esc(t('record.failed', { n: problems.length }))}</p>`,
		`<h2>${esc(t('record.section.dispute'))}</h2>`,
		table(
			[esc(t('record.field.status')), esc(t('record.field.order')), esc(t('record.field.initiator')), esc(t('record.field.opened'))],
			[[esc(bundle.dispute.status), `<code>${esc(bundle.dispute.order_id ?? '—')}</code>`, esc(roleName(bundle.dispute.initiator)), esc(`${utc(bundle.dispute.opened_at)} UTC`)]]
		),
		table(
			['', ''],
			Object.entries(bundle.order ?? {})
				.filter(([, v]) => v === null || typeof v !== 'object')
				.map(([k, v]) => [`<code>${esc(k)}</code>`, esc(v ?? '—')])
		),
		`<h2>${esc(t('record.section.parties'))}</h2>`,
		table(
			['', ''],
			[
				[esc(t('record.field.buyer')), `<code class="hash">${esc(bundle.trade_pubkeys.buyer)}</code>`],
				[esc(t('record.field.seller')), `<code class="hash">${esc(bundle.trade_pubkeys.seller)}</code>`]
			]
		),
		`<h2>${esc(t('record.section.disclosures'))}</h2>`,
		bundle.disclosures.length === 0
			? `<p>${esc(t('record.none'))}</p>`
			: `<ul>${bundle.disclosures.map((d) => `<li>${esc(t('evidence.key_line', { n: d.index, kind: t(`evidence.kind.${d.kind}`), by: t(`evidence.by.${d.disclosed_by}`), via: t(`evidence.via.${d.disclosed_via}`), at: `${utc(d.disclosed_at)} UTC` }))}</li>`).join('')}</ul>`
	].join('\n');

	const accepted = bundle.events.map((e, index) => ({ e, index })).filter(({ e }) => e.verdict === 'accepted');
	const seenInner = new Set<string>();
	const transcriptRows: string[][] = [];
	for (const { e, index } of accepted.sort((a, b) => innerAt(a.e) - innerAt(b.e))) {
		const inner = obj(e.inner);
		const innerId = typeof inner?.id === 'string' ? inner.id : `#${index}`;
		if (seenInner.has(innerId)) continue; // one message found by two keys is shown once
		seenInner.add(innerId);
		const check = checkOf.get(index);
		const mark = check && check.problems.length === 0 ? esc(t('record.check.ok')) : `<strong>${esc(t('record.check.bad'))}</strong>`;
		transcriptRows.push([esc(utc(innerAt(e))), esc(roleName(e.signer_role)), messageCell(e, input, t), mark]);
	}

	const rejectedRows = bundle.events
		.filter((e) => e.verdict !== 'accepted')
		.map((e) => [esc(utc(e.first_seen_at)), esc(((reason) => (reason ? t(reason) : e.verdict))(keyOf('evidence.reason.', e.verdict))), `<code class="hash">${esc(obj(e.outer)?.id ?? '?')}</code>`]);

	const names = new Map<string, string>();
	for (const e of bundle.events) if (e.attachment) names.set(e.attachment.sha256, e.attachment.filename ?? '');
	const fileRows = report.files.map((f) => {
		const entry = bundle.files.find((x) => x.sha256 === f.sha256);
		const status = f.status === 'unavailable' ? t('record.file.unavailable', { host: f.host ?? '?' }) : t(`record.file.${f.status}`);
		const shown = input.images.has(f.sha256) && sniffInlineImage(input.images.get(f.sha256) as Uint8Array) ? ` (${t('record.file.image_inline')})` : '';
		return [esc(names.get(f.sha256) || f.name), esc(entry?.size == null ? '—' : t('record.bytes', { n: entry.size })), `<code class="hash">${esc(f.sha256)}</code>`, esc(status + shown)];
	});

	const body = [
		`<section class="front">${front}</section>`,
		`<h2>${esc(t('record.section.transcript'))}</h2>`,
		transcriptRows.length ? table([esc(t('record.col.time')), esc(t('record.col.from')), esc(t('record.col.message')), esc(t('record.col.check'))], transcriptRows) : `<p>${esc(t('record.none'))}</p>`,
		...(bundle.notes
			? [
					`<h2>${esc(t('record.section.notes'))}</h2>`,
					`<p class="muted">${esc(t('record.notes_hint'))}</p>`,
					bundle.notes.length
						? table(
								[esc(t('record.col.time')), esc(t('record.col.author')), esc(t('record.col.note'))],
								bundle.notes.map((n) => [esc(`${utc(n.at)} UTC`), esc(n.author), `<div class="msg">${esc(n.text)}</div>`])
							)
						: `<p>${esc(t('record.none'))}</p>`
				]
			: []),
		`<h2>${esc(t('record.section.files'))}</h2>`,
		fileRows.length ? table([esc(t('record.col.name')), esc(t('record.col.size')), esc(t('record.col.hash')), esc(t('record.col.file_status'))], fileRows) : `<p>${esc(t('record.none'))}</p>`,
		`<h2>${esc(t('record.section.rejected'))}</h2>`,
		rejectedRows.length ? table([esc(t('record.col.time')), esc(t('record.col.reason')), esc(t('record.col.event'))], rejectedRows) : `<p>${esc(t('record.none'))}</p>`,
		`<h2>${esc(t('record.section.problems'))}</h2>`,
		problems.length ? `<ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : `<p>${esc(t('record.none'))}</p>`,
		`<section class="appendix"><h2>${esc(t('record.section.bundle'))}</h2><p class="muted">${esc(t('record.bundle_note'))}</p><pre class="bundle">${esc(input.bundleJson)}</pre></section>`
	].join('\n');

	return `<!doctype html>\n<html lang="${esc(input.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(t('record.title', { id: bundle.dispute.id }))}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}

function innerAt(e: BundleEvent): number {
	const at = obj(e.inner)?.created_at;
	return typeof at === 'number' ? at : e.first_seen_at;
}

function messageCell(e: BundleEvent, input: CaseRecordInput, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
	if (e.attachment) {
		const a = e.attachment;
		const name = a.filename ?? a.sha256.slice(0, 12);
		const bytes = input.images.get(a.sha256);
		const type = bytes ? sniffInlineImage(bytes) : null;
		const label = `<div>${escapeHtml(t('record.attachment', { name }))} <span class="muted">(${escapeHtml(t('record.bytes', { n: a.original_size }))}, <code class="hash">${escapeHtml(a.sha256)}</code>)</span></div>`;
		if (!bytes || !type) return label;
		const role = e.signer_role === 'buyer' || e.signer_role === 'seller' ? t(`record.field.${e.signer_role}`).toLowerCase() : '?';
		return `${label}<img class="proof" alt="${escapeHtml(t('record.image_alt', { role, name }))}" src="data:${type};base64,${base64(bytes)}">`;
	}
	const content = obj(e.inner)?.content;
	return `<div class="msg">${escapeHtml(typeof content === 'string' ? content : '')}</div>`;
}
