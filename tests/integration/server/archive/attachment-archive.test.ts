// The attachment archive across restarts (issue 15 "Attachments are gone after a restart"): a
// party's file on the held dispute's chat and the screenshot of an imported transcript are kept
// when they arrive, so after the blob host deleted them and went away and the console restarted
// on the same data directory they still open byte-identical; a blob that was never obtainable is
// reported with its hash and the host that failed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { askForChatKey, startEvidenceWorld, takenScenario, type EvidenceWorld } from '../evidence/evidence-world.ts';
import { openChatAttachment } from '../../../../src/lib/server/mostro/dispute-chat/attachment-files.ts';
import { loadChat } from '../../../../src/lib/server/mostro/dispute-chat/chat-view.ts';
import { openEvidenceAttachment } from '../../../../src/lib/server/evidence/evidence-attachments.ts';
import { importEvidenceKey } from '../../../../src/lib/server/evidence/key-import.ts';
import { loadEvidence } from '../../../../src/lib/server/evidence/transcript-view.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { encryptAttachmentBlob } from '../../../../src/lib/protocol/attachments.ts';

const policy = { allowedHosts: [], allowLoopback: true };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
const now = () => Math.floor(Date.now() / 1000);

describe('attachment archive', () => {
	let w: EvidenceWorld;
	let dataDir = '';
	afterEach(async () => {
		await w.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function start(seed: string) {
		dataDir = mkdtempSync(join(tmpdir(), 'archive-test-'));
		w = await startEvidenceWorld(seed, { dataDir, blobPolicy: policy });
	}

	it('keeps a party file when it arrives, and serves it byte-identical after the host deleted it, went away and the console restarted', async () => {
		await start('archive-chat');
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ar-chat', buyer: { language: 'en', disclose: 'ecdh' }, seller: { language: 'en', disclose: 'ecdh' } });
		const buyerSecret = r.buyer.key.sk;
		const channel = buildChatChannel(buyerSecret, w.mediator.pubkey);
		const blob = encryptAttachmentBlob(PNG, channel.shared);
		const { sha256: hash } = await w.blobs.put(blob);
		const host = new URL(w.blobs.url).host;
		const descriptor = { type: 'image_encrypted', blossom_url: `blossom://${host}/${hash}`, nonce: bytesToHex(blob.subarray(0, 12)), mime_type: 'image/png', original_size: PNG.length, width: 4, height: 4, filename: 'proof.png' };
		await publishToRelay(w.world.relay.url, [wrapChatMessage(buyerSecret, channel, JSON.stringify(descriptor), { now: now() }).outer]);
		const message = await waitFor(
			async () => (await w.world.database.db.selectFrom('chat_messages').select(['id', 'attachment']).where('dispute_id', '=', r.disputeId).execute()).find((m) => m.attachment?.includes(hash)),
			'the attachment message'
		);
		// Archived on arrival, before anyone opened it.
		await waitFor(async () => (await w.world.services.archive.row(hash))?.state === 'archived', 'the archived copy');
		const file = readdirSync(join(dataDir, 'attachments', hash.slice(0, 2)));
		expect(file).toEqual([hash]);
		// Sealed at rest: the file holds neither the blob nor the picture.
		const onDisk = readFileSync(join(dataDir, 'attachments', hash.slice(0, 2), hash));
		expect(onDisk.includes(Buffer.from(blob.subarray(12, 24)))).toBe(false);

		expect(w.blobs.delete(hash)).toBe(true);
		await w.blobs.stop();
		await w.world.restart();
		const opened = await openChatAttachment(w.world.services, w.actor, r.disputeId, { messageId: message.id, policy: policy });
		expect(Buffer.from(opened.bytes).equals(Buffer.from(PNG))).toBe(true);
		expect(opened).toMatchObject({ contentType: 'image/png', inline: true, filename: 'proof.png' });
		const pane = await loadChat(w.world.services, r.disputeId, w.mediator.id, null);
		expect(pane.buyer.messages.find((m) => m.id === message.id)?.attachment?.archive).toMatchObject({ state: 'archived', hash });
	}, 60_000);

	it('keeps the screenshot of an imported transcript, which opens after the host went away and a restart', async () => {
		await start('archive-evidence');
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ar-ev', buyer: { language: 'en', disclose: 'k-conv' }, seller: { language: 'en', disclose: 'ecdh' } });
		const sellerMsg = await askForChatKey(w, r.disputeId, 'seller');
		await importEvidenceKey(w.world.services, w.actor, r.disputeId, { secret: '', sourceMessageId: sellerMsg, disclosedBy: 'unknown', via: 'out_of_band', disclosedAt: null });
		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		const shot = view.messages.find((m) => m.attachment);
		expect(shot?.attachment?.decryptable).toBe(true);
		const hash = shot!.attachment!.sha256;
		await waitFor(async () => (await w.world.services.archive.row(hash))?.state === 'archived', 'the archived screenshot');
		const before = await openEvidenceAttachment(w.world.services, w.actor, r.disputeId, { eventRowId: shot!.id, policy: policy });

		w.blobs.delete(hash);
		await w.blobs.stop();
		w.world.relay.wipe();
		await w.world.restart();
		const after = await openEvidenceAttachment(w.world.services, w.actor, r.disputeId, { eventRowId: shot!.id, policy: policy });
		expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(true);
		expect(bytesToHex(sha256(after.bytes))).toBe(bytesToHex(sha256(before.bytes)));
		const again = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(again.messages.find((m) => m.id === shot!.id)?.attachment?.archive).toMatchObject({ state: 'archived', hash });
	}, 60_000);

	it('says which host failed and which hash is missing when a file was never obtainable', async () => {
		await start('archive-missing');
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ar-miss', buyer: { language: 'en', disclose: 'ecdh' }, seller: { language: 'en', disclose: 'ecdh' } });
		const buyerSecret = r.buyer.key.sk;
		const channel = buildChatChannel(buyerSecret, w.mediator.pubkey);
		const blob = encryptAttachmentBlob(PNG, channel.shared);
		const hash = bytesToHex(sha256(blob));
		const host = new URL(w.blobs.url).host;
		const descriptor = { type: 'file_encrypted', blossom_url: `blossom://${host}/${hash}`, nonce: bytesToHex(blob.subarray(0, 12)), mime_type: 'application/pdf', original_size: PNG.length, filename: 'never-uploaded.pdf' };
		await publishToRelay(w.world.relay.url, [wrapChatMessage(buyerSecret, channel, JSON.stringify(descriptor), { now: now() }).outer]);
		const message = await waitFor(
			async () => (await w.world.database.db.selectFrom('chat_messages').select(['id', 'attachment']).where('dispute_id', '=', r.disputeId).execute()).find((m) => m.attachment?.includes(hash)),
			'the attachment message'
		);
		await waitFor(async () => (await w.world.services.archive.row(hash))?.state === 'failed', 'the failed fetch');

		await expect(openChatAttachment(w.world.services, w.actor, r.disputeId, { messageId: message.id, policy: policy })).rejects.toMatchObject({ status: 409, messageKey: 'attachment.error.unavailable', params: { hash, host } });
		const pane = await loadChat(w.world.services, r.disputeId, w.mediator.id, null);
		expect(pane.buyer.messages.find((m) => m.id === message.id)?.attachment?.archive).toMatchObject({ state: 'failed', hash, host, messageKey: 'attachment.error.unavailable' });
		// A host outside the policy is named too.
		await expect(openChatAttachment(w.world.services, w.actor, r.disputeId, { messageId: message.id, policy: { allowedHosts: [], allowLoopback: false } })).rejects.toMatchObject({
			messageKey: 'attachment.error.unavailable_host',
			params: { hash, host }
		});

		// Once the host has it, the next view fetches and keeps it.
		await w.blobs.put(blob);
		const opened = await openChatAttachment(w.world.services, w.actor, r.disputeId, { messageId: message.id, policy: policy });
		expect(Buffer.from(opened.bytes).equals(Buffer.from(PNG))).toBe(true);
		expect((await w.world.services.archive.row(hash))?.state).toBe('archived');
	}, 60_000);

	it('fetches later, without a view, a file whose host was down when it arrived, and one a stopped run never fetched', async () => {
		await start('archive-later');
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ar-later', buyer: { language: 'en', disclose: 'ecdh' }, seller: { language: 'en', disclose: 'ecdh' } });
		const channel = buildChatChannel(r.buyer.key.sk, w.mediator.pubkey);
		const host = new URL(w.blobs.url).host;
		const send = async (bytes: Uint8Array) => {
			const blob = encryptAttachmentBlob(bytes, channel.shared);
			const hash = bytesToHex(sha256(blob));
			const descriptor = { type: 'file_encrypted', blossom_url: `blossom://${host}/${hash}`, nonce: bytesToHex(blob.subarray(0, 12)), mime_type: 'application/pdf', original_size: bytes.length, filename: 'late.pdf' };
			await publishToRelay(w.world.relay.url, [wrapChatMessage(r.buyer.key.sk, channel, JSON.stringify(descriptor), { now: now() }).outer]);
			await waitFor(async () => (await w.world.services.archive.row(hash))?.state === 'failed', 'the failed fetch');
			return { blob, hash };
		};
		const late = await send(new TextEncoder().encode('%PDF-1.4 late'));
		const lost = await send(new TextEncoder().encode('%PDF-1.4 lost'));
		await w.blobs.put(late.blob);
		await w.blobs.put(lost.blob);
		// The retry schedule picks up the failure once its wait is over.
		expect(await w.world.services.archive.retryFailed(Date.now() + 10 * 60_000)).toBe(2);
		await w.world.services.archive.settled();
		expect((await w.world.services.archive.row(late.hash))?.state).toBe('archived');
		// A run stopped between storing the message and fetching its file left no trace of trying.
		rmSync(join(dataDir, 'attachments', lost.hash.slice(0, 2), lost.hash));
		await w.world.database.db.deleteFrom('attachment_archive').where('sha256', '=', lost.hash).execute();
		await w.world.restart();
		await waitFor(async () => (await w.world.services.archive.row(lost.hash))?.state === 'archived', 'the file queued at start-up');
		expect(await w.world.services.archive.readArchived(lost.hash)).not.toBeNull();
	}, 60_000);
});
