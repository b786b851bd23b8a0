// Hostile input in a real browser: a party's chat text and file names carrying HTML, script
// and SVG render as text; an SVG attachment is download-only; the CSP blocks an injected
// inline script; session cookies are HttpOnly/SameSite and a planted session id is never
// adopted; repeated wrong passwords back off.
import { expect, test, type Page } from '@playwright/test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../sim/mostrod/index.ts';
import { startBlobServer } from '../../sim/blossom/index.ts';
import { buildChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../src/lib/protocol/chat/wrap.ts';
import { encryptAttachmentBlob } from '../../src/lib/protocol/attachments.ts';
import { publishToRelay } from '../helpers/node-events.ts';
import { testKey } from '../integration/sim/mostrod/client.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator, registerFirstOperatorSolver, signInAs } from './console-steps.ts';

let relay: RunningRelay;
let lnd: LndDouble;
let node: MostrodDouble;
let blobs: Awaited<ReturnType<typeof startBlobServer>>;
let server: RunningConsole;
const operator = { name: 'olga', password: 'olga guards the console' };
const buyer = testKey('adversarial-buyer');
const seller = testKey('adversarial-seller');
const HOSTILE_TEXT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold?</b>';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>.svg';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'adversarial' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 20, guardianIntervalMs: 0 });
	blobs = await startBlobServer();
	server = await startConsole({
		MOSTRO_PUBKEY: node.pubkey,
		MOSTRO_RELAYS: relay.url,
		MEDIATOR_SANDBOX_NODE: node.pubkey,
		MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
		MEDIATOR_BLOB_UPLOAD_URL: blobs.url
	});
});

test.afterAll(async () => {
	await server?.stop();
	await blobs?.stop();
	await node?.stop();
	await lnd?.stop();
	await relay?.stop();
});

async function signIn(page: Page) {
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
}

test('a planted session id is not adopted and the session cookie is HttpOnly and SameSite=Lax', async ({ page, context }) => {
	await context.addCookies([{ name: 'mm_session', value: 'a'.repeat(32), url: server.baseURL }]);
	await createFirstOperator(page, server, operator);
	await registerFirstOperatorSolver(server, node.secretKey);
	const session = (await context.cookies()).find((cookie) => cookie.name === 'mm_session');
	expect(session?.value).not.toBe('a'.repeat(32));
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
	const planted = await page.request.get(server.baseURL + '/api/live', { headers: { cookie: `mm_session=${'a'.repeat(32)}` } });
	expect(planted.status()).toBe(401);
});

test('party text, file names and an SVG attachment are never rendered as markup; CSP blocks inline script', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await signIn(page);
	const order = await node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 21_000 });
	const dispute = await node.openDispute(order.id, 'buyer');
	await page.goto(`${server.baseURL}/disputes/${dispute.id}`);
	await expect(async () => {
		await page.reload();
		await page.getByTestId('take-button').click({ timeout: 1000 });
		await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 5000 });
	}).toPass({ timeout: 30_000 });

	const solverPubkey = node.dispute(dispute.id)?.solverPubkey ?? '';
	const channel = buildChatChannel(buyer.sk, solverPubkey);
	const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
	const blob = encryptAttachmentBlob(svg, channel.shared);
	const { sha256 } = await blobs.put(blob);
	const descriptor = {
		type: 'image_encrypted',
		blossom_url: `blossom://${new URL(blobs.url).host}/${sha256}`,
		nonce: bytesToHex(blob.subarray(0, 12)),
		mime_type: 'image/svg+xml',
		original_size: svg.length,
		width: 10,
		height: 10,
		filename: HOSTILE_NAME
	};
	const now = Math.floor(Date.now() / 1000);
	await publishToRelay(relay.url, [wrapChatMessage(buyer.sk, channel, HOSTILE_TEXT, { now }).outer, wrapChatMessage(buyer.sk, channel, JSON.stringify(descriptor), { now }).outer]);

	const pane = page.getByTestId('chat-buyer');
	await expect(pane.locator('[data-direction="in"]').filter({ hasText: '<script>window.__pwned = 1</script>' })).toBeVisible({ timeout: 15_000 });
	await expect(pane.locator('b')).toHaveCount(0);
	await expect(pane.getByText(HOSTILE_NAME).first()).toBeVisible();
	await expect(pane.getByTestId('attachment-image')).toHaveCount(0);
	const link = pane.getByTestId('attachment-link');
	await expect(link).toContainText('Download');
	const response = await page.request.get(server.baseURL + (await link.getAttribute('href')));
	expect(response.headers()['content-type']).toBe('application/octet-stream');
	expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
	expect(response.headers()['content-disposition']).not.toContain('<');

	const blocked = await page.evaluate(
		() =>
			new Promise<{ ran: boolean; violation: string | null }>((resolve) => {
				let violation: string | null = null;
				document.addEventListener('securitypolicyviolation', (event) => (violation = event.violatedDirective), { once: true });
				const script = document.createElement('script');
				script.textContent = 'window.__pwned = 3';
				document.body.append(script);
				setTimeout(() => resolve({ ran: (window as unknown as { __pwned?: number }).__pwned !== undefined, violation }), 300);
			})
	);
	expect(blocked.ran).toBe(false);
	expect(blocked.violation).toMatch(/script-src/);
	expect(dialogs).toEqual([]);
});

test('repeated wrong passwords for one account back off', async ({ page }) => {
	for (let i = 0; i < 5; i++) {
		await page.goto(server.baseURL + '/login');
		await page.getByLabel('User name').fill('ghost');
		await page.getByLabel('Password').fill(`wrong guess number ${i}`);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
	}
	// The wait doubles from 1 s after the fifth failure; on a loaded machine one more try may
	// land after the first second, never after the waits that follow it.
	let refused = false;
	for (let i = 0; i < 4 && !refused; i++) {
		if (i > 0) await page.goto(server.baseURL + '/login');
		await page.getByLabel('User name').fill('ghost');
		await page.getByLabel('Password').fill(`another wrong guess ${i}`);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText(/Wrong user name or password|Too many attempts/);
		refused = (await page.getByRole('alert').textContent())?.includes('Too many attempts') ?? false;
	}
	expect(refused).toBe(true);
});
