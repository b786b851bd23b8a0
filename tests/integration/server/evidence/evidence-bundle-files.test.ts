// Evidence bundles carry the files (issue 15): a transcript imported with both parties' keys is
// exported after its blob host deleted the screenshot and went away; the bundle holds the
// screenshot's ciphertext with its hash, and `evidence verify` checks it offline, decrypts and
// hash-checks it with the disclosed ECDH secret, names a changed file byte, and counts the five
// messages once although two keys found each (regression: "10 messages accepted").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { exportEvidenceBundle } from '../../../../src/lib/server/evidence/bundle-export.ts';
import { importEvidenceKey } from '../../../../src/lib/server/evidence/key-import.ts';
import { openEvidenceAttachment } from '../../../../src/lib/server/evidence/evidence-attachments.ts';
import { askForChatKey, startEvidenceWorld, takenScenario, type EvidenceWorld } from './evidence-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'evidence-files-'));
const policy = { allowedHosts: [], allowLoopback: true };
const cli = (...args: string[]) => {
	const r = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', 'evidence', 'verify', ...args], { encoding: 'utf8', timeout: 30_000 });
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
const fromMessage = (sourceMessageId: number) => ({ secret: '', sourceMessageId, disclosedBy: 'unknown' as const, via: 'out_of_band' as const, disclosedAt: null });

describe('evidence bundle files', () => {
	let w: EvidenceWorld;
	let disputeId = '';
	let hash = '';
	let plainSha = '';
	beforeAll(async () => {
		w = await startEvidenceWorld('evidence-files', { dataDir: join(dir, 'data'), blobPolicy: policy });
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'files-honest', buyer: { language: 'en', disclose: 'k-conv' }, seller: { language: 'en', disclose: 'ecdh' } });
		disputeId = r.disputeId;
		await importEvidenceKey(w.world.services, w.actor, disputeId, fromMessage(await askForChatKey(w, disputeId, 'buyer')));
		await importEvidenceKey(w.world.services, w.actor, disputeId, fromMessage(await askForChatKey(w, disputeId, 'seller')));
		const row = await waitFor(async () => (await w.world.database.db.selectFrom('attachment_archive').selectAll().execute()).find((a) => a.state === 'archived'), 'the archived screenshot');
		hash = row.sha256;
		const shot = await w.world.database.db
			.selectFrom('evidence_events')
			.innerJoin('evidence_keys', 'evidence_keys.id', 'evidence_events.key_id')
			.select('evidence_events.id')
			.where('evidence_events.dispute_id', '=', disputeId)
			.where('evidence_keys.key_kind', '=', 'ecdh_secret')
			.where('evidence_events.inner_raw', 'like', `%${hash}%`)
			.executeTakeFirstOrThrow();
		plainSha = bytesToHex(sha256((await openEvidenceAttachment(w.world.services, w.actor, disputeId, { eventRowId: shot.id, policy: policy })).bytes));
		// The host deletes the file and goes away; the bundle is made afterwards.
		w.blobs.delete(hash);
		await w.blobs.stop();
	});
	afterAll(async () => {
		await w.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('embeds the ciphertext with its hash; the CLI checks it offline and counts each message once', async () => {
		const { json, bundle } = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false });
		expect(bundle.version).toBe(2);
		expect(bundle.events.filter((e) => e.verdict === 'accepted')).toHaveLength(10);
		expect(bundle.files).toHaveLength(1);
		const [file] = bundle.files;
		expect(file).toMatchObject({ sha256: hash, unavailable: null });
		expect(bytesToHex(sha256(Buffer.from(file!.data_base64!, 'base64')))).toBe(hash);
		const plain = join(dir, 'plain.json');
		writeFileSync(plain, json);
		const structural = cli(plain);
		expect(structural.code).toBe(0);
		expect(structural.out).toContain('VERIFIED: 5 messages accepted, 0 events rejected, 1 of 1 file checked');
		expect(structural.out).toMatch(new RegExp(`ok  file ${hash.slice(0, 16)} .*file hash ok`));

		const withKey = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: true });
		const ecdh = withKey.bundle.disclosures.find((d) => d.kind === 'ecdh_secret')?.secret ?? '';
		const keyed = cli(plain, '--key', ecdh);
		expect(keyed.code).toBe(0);
		expect(keyed.out).toContain(`decrypted, plaintext sha256 ${plainSha}`);
		expect(keyed.out).toContain('VERIFIED: 5 messages accepted');
	});

	it('a changed byte of the file makes the CLI fail and name the file', async () => {
		const { bundle } = await exportEvidenceBundle(w.world.services, w.actor, disputeId, { includeKey: false });
		const bytes = Buffer.from(bundle.files[0]!.data_base64!, 'base64');
		bytes[40] = bytes[40]! ^ 0xff;
		const tampered = { ...bundle, files: [{ ...bundle.files[0]!, data_base64: bytes.toString('base64') }] };
		const file = join(dir, 'tampered.json');
		writeFileSync(file, JSON.stringify(tampered));
		const r = cli(file);
		expect(r.code).toBe(1);
		expect(r.out).toContain(`PROBLEM in file ${hash}: file bytes do not match their SHA-256`);
		expect(r.out).toContain('bundle body differs from what the manifest signed');
	});
});
