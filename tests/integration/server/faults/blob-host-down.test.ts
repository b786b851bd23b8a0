// The blob host down when a party sends a file, then up again (issue 15). The party uploaded
// the encrypted file, then its host went away before the console read the message: opening it
// says it could not be downloaded, and works once the host is back. The attachment archive's
// retry (the runtime's scheduler tick, called here with a later clock) fetches and keeps the
// file on its own once the host is back, so it still opens after the host loses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { buildSamplePng } from '../../../../sim/traders/index.ts';
import { openChatAttachment } from '../../../../src/lib/server/mostro/dispute-chat/attachment-files.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { encryptAttachmentBlob } from '../../../../src/lib/protocol/attachments.ts';

const policy = { allowedHosts: [], allowLoopback: true };
let world: ConsoleWorld;
let blobs: RunningBlobServer;
let port = 0;

beforeAll(async () => {
	world = await startConsoleWorld({ protocolVersion: 2 }, undefined, {}, { blobPolicy: policy });
	blobs = await startBlobServer();
	port = blobs.port;
}, 30_000);
afterAll(async () => {
	await blobs?.stop();
	await world?.stop();
});

/** A party's file on the blob host, whose host then goes down before the console reads the message. */
async function fileSentWhileHostDown(label: string) {
	const alice = await registeredMediator(world, `m-${label}`, 'read-write');
	const buyer = testKey(`blob-${label}-b`);
	const { disputeId } = await takenDispute(world, alice, { buyer, seller: testKey(`blob-${label}-s`) });
	await waitFor(() => world.services.chat.channels.get(disputeId, 'buyer'), 'the chat channels');
	const channel = buildChatChannel(buyer.sk, alice.pubkey);
	const png = buildSamplePng(label).bytes;
	const blob = encryptAttachmentBlob(png, channel.shared);
	const { sha256 } = await blobs.put(blob);
	await blobs.stop();
	const descriptor = {
		type: 'image_encrypted',
		blossom_url: `blossom://127.0.0.1:${port}/${sha256}`,
		nonce: bytesToHex(blob.subarray(0, 12)),
		mime_type: 'image/png',
		original_size: png.length,
		width: 48,
		height: 32,
		filename: `${label}.png`
	};
	await publishToRelay(world.relay.url, [wrapChatMessage(buyer.sk, channel, JSON.stringify(descriptor), { now: Math.floor(Date.now() / 1000) }).outer]);
	const message = await waitFor(() => world.database.db.selectFrom('chat_messages').select('id').where('dispute_id', '=', disputeId).where('attachment', 'is not', null).executeTakeFirst(), 'the attachment message');
	const actor = alice;
	return { disputeId, messageId: message.id, png, blob, actor };
}

/** The blob host back on the same port, holding the file again. */
async function hostBack(blob: Uint8Array) {
	blobs = await startBlobServer({ port });
	await blobs.put(blob);
}

describe('the blob host down when a party sends a file', () => {
	it('says it could not be downloaded while the host is down, and opens it once the host is back', async () => {
		const f = await fileSentWhileHostDown('view');
		await expect(openChatAttachment(world.services, f.actor, f.disputeId, { messageId: f.messageId, policy: policy })).rejects.toMatchObject({ messageKey: 'attachment.error.unavailable' });
		await hostBack(f.blob);
		const opened = await openChatAttachment(world.services, f.actor, f.disputeId, { messageId: f.messageId, policy: policy });
		expect(opened).toMatchObject({ contentType: 'image/png', inline: true });
		expect(Buffer.from(opened.bytes).equals(Buffer.from(f.png))).toBe(true);
	}, 20_000);

	// The attachment archive retries the fetch on its own and keeps a sealed copy.
	it('fetches and archives the file on its own once the host is back, so it opens after the host lost it', async () => {
		const f = await fileSentWhileHostDown('later');
		await hostBack(f.blob);
		// The scheduler's next tick, once the back-off after the failed fetch is over.
		await world.services.archive.settled();
		await world.services.archive.retryFailed(Date.now() + 3_600_000);
		await world.services.archive.settled();
		// The host forgets the file (or goes away for good): the archived copy is what is served.
		await blobs.stop();
		const opened = await waitFor(() => openChatAttachment(world.services, f.actor, f.disputeId, { messageId: f.messageId, policy: policy }).catch(() => null), 'the archived copy', 3000, 250);
		expect(Buffer.from(opened.bytes).equals(Buffer.from(f.png))).toBe(true);
	}, 20_000);
});
