// The printable case record from a real imported transcript (issue 15): the traders' trade chat
// is imported with both parties' keys, the blob host deletes the screenshot and goes away, and
// the record is made afterwards, in Spanish: the screenshot is inline (decrypted from the
// archive with the disclosed ECDH secret), the bundle it carries hashes to the value on its first
// page and verifies, nothing in it is a script, and the export is audited with those hashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { exportCaseRecord } from '../../../../src/lib/server/evidence/case-record-export.ts';
import { importEvidenceKey } from '../../../../src/lib/server/evidence/key-import.ts';
import { verifyEvidenceBundle } from '../../../../src/lib/protocol/evidence-bundle-verify.ts';
import { askForChatKey, startEvidenceWorld, takenScenario, type EvidenceWorld } from './evidence-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'case-record-'));
const policy = { allowedHosts: [], allowLoopback: true };
const fromMessage = (sourceMessageId: number) => ({ secret: '', sourceMessageId, disclosedBy: 'unknown' as const, via: 'out_of_band' as const, disclosedAt: null });
const unescape = (text: string) =>
	text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&#96;/g, '`')
		.replace(/&amp;/g, '&');

describe('case record export', () => {
	let w: EvidenceWorld;
	let disputeId = '';
	beforeAll(async () => {
		w = await startEvidenceWorld('case-record', { dataDir: join(dir, 'data'), blobPolicy: policy });
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'record-honest', buyer: { language: 'es', disclose: 'k-conv' }, seller: { language: 'es', disclose: 'ecdh' } });
		disputeId = r.disputeId;
		await importEvidenceKey(w.world.services, w.actor, disputeId, fromMessage(await askForChatKey(w, disputeId, 'buyer')));
		await importEvidenceKey(w.world.services, w.actor, disputeId, fromMessage(await askForChatKey(w, disputeId, 'seller')));
		const row = await waitFor(async () => (await w.world.database.db.selectFrom('attachment_archive').selectAll().execute()).find((a) => a.state === 'archived'), 'the archived screenshot');
		w.blobs.delete(row.sha256);
		await w.blobs.stop();
	});
	afterAll(async () => {
		await w.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it("is self-contained, verified, in the exporting user's language, with the screenshot inline", async () => {
		const { html, bundleSha256, filename } = await exportCaseRecord(w.world.services, w.actor, disputeId, { locale: 'es' });
		expect(filename).toMatch(/^case-record-[A-Za-z0-9-]+-\d+\.html$/);
		expect(html.toLowerCase()).not.toContain('<script');
		expect(html).toContain('<html lang="es">');
		expect(html).toContain('Expediente — disputa');
		const front = html.slice(0, html.indexOf('</section>'));
		expect(front).toContain(bundleSha256);
		expect(front).toContain('VERIFICADO: 5 mensajes aceptados, 0 eventos rechazados, 1 de 1 archivos');

		// The appendix is the bundle the hash names, and it verifies on its own.
		const appendix = unescape(/<pre class="bundle">([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '');
		expect(bytesToHex(sha256(new TextEncoder().encode(appendix)))).toBe(bundleSha256);
		const bundle = JSON.parse(appendix) as { dispute: { id: string }; disclosures: Array<{ secret?: string }> };
		expect(bundle.dispute.id).toBe(disputeId);
		expect(bundle.disclosures.every((d) => d.secret === undefined)).toBe(true);
		expect(verifyEvidenceBundle(bundle).ok).toBe(true);

		// The screenshot, decrypted from the archive after its host deleted it: one inline PNG.
		const images = [...html.matchAll(/<img [^>]*src="data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)"/g)];
		expect(images).toHaveLength(1);
		expect(images[0]?.[1]).toBe('image/png');
		expect([...Buffer.from(images[0]?.[2] ?? '', 'base64').subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

		const audit = await w.world.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'evidence.record_exported').execute();
		expect(audit).toHaveLength(1);
		expect(JSON.parse(audit[0]!.details)).toMatchObject({ bundleSha256, verified: true, images: 1, locale: 'es' });
	});
});
