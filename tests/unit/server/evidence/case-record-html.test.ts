// The printable case record: everything a party controls (texts, file names, even the dispute's
// facts and the bundle itself) is escaped, no script or handler can appear, only PNG/JPEG/GIF/WebP
// sniffed by magic bytes are inlined (never an SVG, whatever it claims), the bundle's hash and the
// verification status are on the first page, and the language is the exporting user's.
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderCaseRecord, sniffInlineImage, type CaseRecordInput } from '../../../../src/lib/server/evidence/case-record-html.ts';
import type { BundleEvent, EvidenceBundle } from '../../../../src/lib/protocol/evidence-bundle.ts';
import type { BundleReport } from '../../../../src/lib/protocol/evidence-bundle-verify.ts';

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", '</td></tr></table><script src=//evil.example/x.js></script>', '`${alert(1)}`'];
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
const hash = (c: string) => c.repeat(64);

function event(i: number, content: string, role: 'buyer' | 'seller', attachment: BundleEvent['attachment'] = null, verdict = 'accepted'): BundleEvent {
	return {
		key_index: 1,
		generation: 'current',
		relays: ['wss://relay.example'],
		first_seen_at: 1_800_000_000 + i,
		verdict,
		step: 13,
		signer_role: role,
		attachment,
		outer: { id: `outer-${i}${HOSTILE[1]}`, kind: 1059 },
		inner: { id: `inner-${i}`, kind: 14, created_at: 1_800_000_000 + i, content }
	};
}

const attachment = (sha: string, filename: string, mime: string) => ({ blossom_url: `blossom://blobs.example/${sha}`, sha256: sha, nonce: '00', mime_type: mime, filename, original_size: 12 });

function input(overrides: Partial<CaseRecordInput> = {}): CaseRecordInput {
	const events = [
		...HOSTILE.map((text, i) => event(i, text, i % 2 ? 'seller' : 'buyer')),
		event(10, '{}', 'buyer', attachment(hash('a'), `proof${HOSTILE[1]}.png`, 'image/png')),
		event(11, '{}', 'seller', attachment(hash('b'), `drawing.svg${HOSTILE[0]}`, 'image/svg+xml')),
		event(12, '{}', 'seller', attachment(hash('c'), 'statement.pdf', 'application/pdf')),
		event(13, HOSTILE[0] as string, 'seller', null, 'replay')
	];
	const bundle: EvidenceBundle = {
		format: 'mostro-mediator-evidence',
		version: 2,
		exported_at: 1_800_000_100,
		exporter: { name: `alice${HOSTILE[0]}`, solver_pubkey: hash('d') },
		dispute: { id: `dispute-1${HOSTILE[1]}`, status: 'in-progress', order_id: `order${HOSTILE[0]}`, initiator: 'buyer', opened_at: 1_800_000_000 },
		order: { payment_method: HOSTILE[1], amount: 40_000, fiat_code: 'EUR' },
		trade_pubkeys: { buyer: hash('1'), seller: hash('2') },
		disclosures: [
			{ index: 1, kind: 'ecdh_secret', conv_pubkey: null, sign_pubkey: null, legacy_pubkey: null, disclosed_by: 'buyer', disclosed_via: 'dispute_chat', disclosed_at: 1_800_000_050, imported_at: 1_800_000_060, imported_by: 'alice' }
		],
		events,
		files: [
			{ sha256: hash('a'), data_base64: 'AAAA', size: 40, unavailable: null },
			{ sha256: hash('b'), data_base64: 'AAAA', size: 40, unavailable: null },
			{ sha256: hash('c'), data_base64: null, size: null, unavailable: { host: `blobs.example${HOSTILE[0]}`, reason: 'attachment.error.fetch' } }
		],
		manifest: { id: hash('e'), pubkey: hash('d'), kind: 30_000, created_at: 1_800_000_100, tags: [], content: '', sig: hash('f') }
	} as unknown as EvidenceBundle;
	const report: BundleReport = {
		ok: true,
		notes: null,
		problems: [],
		signer: hash('d'),
		disputeId: 'dispute-1',
		events: events.map((e, index) => ({ index, outerId: `outer-${index}`, innerId: `inner-${index}`, role: e.signer_role, innerAt: 1, text: null, verdict: e.verdict, checkedWith: 'structure', outerSignature: true, problems: [] })),
		files: [
			{ sha256: hash('a'), name: 'proof.png', status: 'ok', decrypted: null, plainSha256: null, host: null, problems: [] },
			{ sha256: hash('b'), name: 'drawing.svg', status: 'ok', decrypted: null, plainSha256: null, host: null, problems: [] },
			{ sha256: hash('c'), name: 'statement.pdf', status: 'unavailable', decrypted: null, plainSha256: null, host: `blobs.example${HOSTILE[0]}`, problems: [] }
		]
	};
	return {
		locale: 'en',
		bundle,
		bundleJson: JSON.stringify(bundle, null, 1),
		bundleSha256: hash('9'),
		bodySha256: hash('8'),
		report,
		images: new Map([
			[hash('a'), PNG],
			[hash('b'), SVG]
		]),
		generatedAt: 1_800_000_100_000,
		exporterName: `alice${HOSTILE[0]}`,
		...overrides
	};
}

/** The tags and attribute names of the page, without text or quoted values: what a browser would act on. */
const markup = (html: string) => html.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
const beforeAppendix = (html: string) => html.slice(0, html.indexOf('<section class="appendix">'));

describe('case record HTML', () => {
	it('escapes every hostile text, name and fact: no script, no handler, no foreign reference', () => {
		const html = renderCaseRecord(input());
		expect(html.toLowerCase()).not.toContain('<script');
		expect(html.toLowerCase()).not.toContain('<svg');
		expect(html).not.toContain('<img src=x');
		expect(markup(html)).not.toMatch(/\son[a-z]+\s*=/i);
		// Escaped text never holds a `<`, so these are the real tags; each reference is an inline raster image.
		const references = (html.match(/<[a-z][^>]*>/gi) ?? []).flatMap((tag) => [...tag.matchAll(/\s(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]));
		for (const ref of references) expect(ref).toMatch(/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/);
		for (const text of HOSTILE) expect(html).toContain(escapeHtml(text));
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
	});

	it('inlines only images sniffed as PNG/JPEG/GIF/WebP, never an SVG; other files are listed with name, size and hash', () => {
		const html = renderCaseRecord(input());
		const images = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
		expect(images).toEqual([`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`]);
		expect(html).not.toContain('data:image/svg');
		expect(beforeAppendix(html)).not.toContain('image/svg');
		expect(html).toContain(hash('b'));
		expect(html).toContain('drawing.svg&lt;script&gt;');
		expect(html).toContain('statement.pdf');
		expect(html).toContain(hash('c'));
		expect(html).toContain('never obtained from blobs.example&lt;script&gt;');
	});

	it('puts the bundle hash and the verification status on the first page', () => {
		const html = renderCaseRecord(input());
		const front = html.slice(0, html.indexOf('</section>'));
		expect(front).toContain(`<code class="hash" id="bundle-sha256">${hash('9')}</code>`);
		expect(front).toContain(hash('8'));
		expect(front).toContain('VERIFIED: 8 messages accepted, 1 events rejected, 2 of 3 files hash-checked');
		const failed = renderCaseRecord(input({ report: { ...input().report, ok: false, problems: [`manifest signature does not verify${HOSTILE[0]}`] } }));
		expect(failed).toContain('NOT VERIFIED');
		expect(failed).not.toContain('>VERIFIED:');
		expect(failed).toContain('manifest signature does not verify&lt;script&gt;');
	});

	it('carries the bundle itself, escaped, as a screen-only appendix, and prints cleanly', () => {
		const i = input();
		const html = renderCaseRecord(i);
		expect(html).toContain(`<pre class="bundle">${escapeHtml(i.bundleJson)}</pre>`);
		expect(html).toContain('@media print');
		expect(html).toContain('.appendix{display:none}');
	});

	it("speaks the exporting user's language", () => {
		const html = renderCaseRecord(input({ locale: 'es' }));
		expect(html).toContain('<html lang="es">');
		expect(html).toContain('Expediente — disputa');
		expect(html).toContain('VERIFICADO:');
	});
});

describe('inline image sniffing', () => {
	it('knows the four raster types by magic bytes and nothing else', () => {
		expect(sniffInlineImage(PNG)).toBe('image/png');
		expect(sniffInlineImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffInlineImage(new TextEncoder().encode('GIF89a....'))).toBe('image/gif');
		expect(sniffInlineImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(sniffInlineImage(SVG)).toBeNull();
		expect(sniffInlineImage(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
		expect(sniffInlineImage(new TextEncoder().encode('GIF8'))).toBeNull();
		expect(sniffInlineImage(new Uint8Array())).toBeNull();
	});
});
