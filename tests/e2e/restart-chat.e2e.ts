// The dispute chat across a restart of the built console (issue 15, regressions with the
// production HTTP server): a party's message and PNG attachment are in the held dispute's chat;
// the console is killed (SIGKILL) and started again on the same data directory, the relay
// delivers every event again. The chat pane then shows no "rejected (replay)" notice for the
// holder, another mediator or an auditor, and the attachment is served from the console's
// archive (200, the same bytes) after the blob host is gone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test, type Page } from '@playwright/test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../sim/mostrod/index.ts';
import { startBlobServer } from '../../sim/blossom/index.ts';
import { buildSamplePng } from '../../sim/traders/sample-files.ts';
import { buildChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../src/lib/protocol/chat/wrap.ts';
import { encryptAttachmentBlob } from '../../src/lib/protocol/attachments.ts';
import { publishToRelay } from '../helpers/node-events.ts';
import { testKey } from '../integration/sim/mostrod/client.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator, registerFirstOperatorSolver, replaceOneTimePassword, signInAs, type Who } from './console-steps.ts';

let relay: RunningRelay;
let lnd: LndDouble;
let node: MostrodDouble;
let blobs: Awaited<ReturnType<typeof startBlobServer>> | null = null;
let server: RunningConsole | null = null;
const dataDir = mkdtempSync(join(tmpdir(), 'mm-restart-chat-'));
const operator: Who = { name: 'olga', password: 'olga keeps the proof' };
const mediator: Who = { name: 'marco', password: 'marco reads the chat' };
const auditor: Who = { name: 'aude', password: 'aude checks the record' };
const buyer = testKey('restart-chat-buyer');
const seller = testKey('restart-chat-seller');
const png = buildSamplePng('restart proof');
let disputeId = '';
let attachmentHref = '';

// Two consoles, three sign-ins and a restart on a machine shared with other work.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

function start(): Promise<RunningConsole> {
	return startConsole({
		MEDIATOR_DATA_DIR: dataDir,
		MOSTRO_PUBKEY: node.pubkey,
		MOSTRO_RELAYS: relay.url,
		// The blob host is on 127.0.0.1, which only the sandbox's node may use.
		MEDIATOR_SANDBOX_NODE: node.pubkey,
		MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
		...(blobs ? { MEDIATOR_BLOB_UPLOAD_URL: blobs.url } : {})
	});
}

function addUser(name: string, role: 'mediator' | 'auditor'): string {
	const out = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', name, '--role', role], { env: { ...process.env, LC_ALL: 'C', MEDIATOR_DATA_DIR: dataDir }, encoding: 'utf8' });
	const match = /One-time password[^:]*: (\S+)/.exec(out);
	if (!match?.[1]) throw new Error(`no one-time password in CLI output: ${out}`);
	return match[1];
}

function rejectionRows(): number {
	const db = new DatabaseSync(join(dataDir, 'mediator.sqlite'), { readOnly: true });
	try {
		return (db.prepare('SELECT count(*) AS n FROM chat_rejections').get() as { n: number }).n;
	} finally {
		db.close();
	}
}

/** Signs in on the (possibly restarted) console; a session from before the restart may still be valid. */
async function signIn(page: Page, who: Who) {
	await page.goto('about:blank');
	await page.context().clearCookies();
	await expect(async () => {
		await page.goto(server!.baseURL + '/login');
	}).toPass({ timeout: 15_000 });
	await signInAs(page, server!, who);
	await expect(page).toHaveURL(/\/disputes$/);
}

/** The buyer pane with the party's message and its image, and no rejection notice. */
async function expectCleanChat(page: Page) {
	await page.goto(`${server!.baseURL}/disputes/${disputeId}`);
	const pane = page.getByTestId('chat-buyer');
	await expect(pane.locator('[data-direction="in"]').filter({ hasText: 'here is my proof of payment' })).toBeVisible({ timeout: 15_000 });
	await expect(pane.getByTestId('attachment-link').filter({ hasText: /\.png/ })).toBeVisible();
	await expect(page.getByTestId('chat-rejected')).toHaveCount(0);
}

test.beforeAll(async () => {
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'restart-chat' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 20, guardianIntervalMs: 0 });
	blobs = await startBlobServer();
});

test.afterAll(async () => {
	await server?.stop();
	await blobs?.stop();
	await node?.stop();
	await lnd?.stop();
	await relay?.stop();
});

test('a party message with a PNG in the held dispute: shown and served before the restart', async ({ page }) => {
	server = await start();
	await createFirstOperator(page, server, operator);
	await registerFirstOperatorSolver(server, node.secretKey);
	const mediatorOtp = addUser(mediator.name, 'mediator');
	const auditorOtp = addUser(auditor.name, 'auditor');

	const order = await node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 25_000 });
	const dispute = await node.openDispute(order.id, 'buyer');
	disputeId = dispute.id;
	await page.goto(`${server.baseURL}/disputes/${disputeId}`);
	await expect(async () => {
		await page.reload();
		await page.getByTestId('take-button').click({ timeout: 1000 });
		await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 5000 });
	}).toPass({ timeout: 30_000 });

	const channel = buildChatChannel(buyer.sk, node.dispute(disputeId)?.solverPubkey ?? '');
	const blob = encryptAttachmentBlob(png.bytes, channel.shared);
	const { sha256 } = await blobs!.put(blob);
	const descriptor = {
		type: 'image_encrypted',
		blossom_url: `blossom://${new URL(blobs!.url).host}/${sha256}`,
		nonce: bytesToHex(blob.subarray(0, 12)),
		mime_type: png.mime,
		original_size: png.bytes.length,
		width: png.width,
		height: png.height,
		filename: png.filename
	};
	const now = Math.floor(Date.now() / 1000);
	await publishToRelay(relay.url, [wrapChatMessage(buyer.sk, channel, 'here is my proof of payment', { now }).outer, wrapChatMessage(buyer.sk, channel, JSON.stringify(descriptor), { now: now + 1 }).outer]);

	await expectCleanChat(page);
	attachmentHref = (await page.getByTestId('chat-buyer').getByTestId('attachment-link').filter({ hasText: /\.png/ }).getAttribute('href')) ?? '';
	expect(attachmentHref).toMatch(/^\//);
	const first = await page.request.get(server.baseURL + attachmentHref);
	expect(first.status()).toBe(200);
	expect(first.headers()['content-type']).toBe('image/png');
	expect(Buffer.from(await first.body()).equals(Buffer.from(png.bytes))).toBe(true);

	// The other two roles set their passwords now (before the restart).
	await page.context().clearCookies();
	await replaceOneTimePassword(page, server, mediator.name, mediatorOtp, mediator.password);
	await page.context().clearCookies();
	await replaceOneTimePassword(page, server, auditor.name, auditorOtp, auditor.password);
	expect(rejectionRows()).toBe(0);
});

test('after a SIGKILL and a restart: no replay notice for any role, the PNG is served from the archive with the blob host gone', async ({ page }) => {
	server!.process.kill('SIGKILL');
	await expect.poll(() => server!.process.exitCode !== null || server!.process.signalCode !== null, { timeout: 15_000 }).toBe(true);
	server = await start();

	// The relay delivers the conversation again on the new subscriptions.
	await signIn(page, operator);
	await expectCleanChat(page);
	// Give the re-delivered events time to be classified, then look again.
	await page.waitForTimeout(3000);
	await page.reload();
	await expectCleanChat(page);
	expect(rejectionRows()).toBe(0);

	for (const who of [mediator, auditor]) {
		await signIn(page, who);
		await expectCleanChat(page);
	}

	await blobs!.stop();
	blobs = null;
	const served = await page.request.get(server!.baseURL + attachmentHref);
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toBe('image/png');
	expect(Buffer.from(await served.body()).equals(Buffer.from(png.bytes))).toBe(true);
	// And again from a console started after the host went away.
	await server!.stop();
	server = await start();
	await signIn(page, auditor);
	await expectCleanChat(page);
	const again = await page.request.get(server.baseURL + attachmentHref);
	expect(again.status()).toBe(200);
	expect(Buffer.from(await again.body()).equals(Buffer.from(png.bytes))).toBe(true);
	expect(rejectionRows()).toBe(0);
});
