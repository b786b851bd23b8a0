// "Send again" in the dispute chat (issue 15 "Nothing lost"), with the production server: the
// console's only relay is cut (a loopback forwarder closed, as if the relay process died) while
// the holder writes to the buyer. The pane says no relay accepted the message and offers "Send
// again"; once the relay is back, one click publishes the very same signed event, the relay holds
// exactly one copy, and the button is gone. Screenshots of the pane at 360 and 1440 px, light
// and dark, in test-results/chat-send-again/ (looked at when the chat pane changes).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test, type Page } from '@playwright/test';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../sim/mostrod/index.ts';
import { buildChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import { startRelayCut, type RelayCut } from '../helpers/relay-cut.ts';
import { queryRelay } from '../helpers/node-events.ts';
import { testKey } from '../integration/sim/mostrod/client.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator, registerFirstOperatorSolver, type Who } from './console-steps.ts';

let relay: RunningRelay;
let cut: RelayCut;
let lnd: LndDouble;
let node: MostrodDouble;
let server: RunningConsole;
const dataDir = mkdtempSync(join(tmpdir(), 'mm-send-again-'));
const operator: Who = { name: 'olga', password: 'olga sends it again' };
const buyer = testKey('send-again-buyer');
const seller = testKey('send-again-seller');

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
	relay = await startRelay();
	cut = await startRelayCut(relay.url);
	lnd = await startLndDouble({ seed: 'send-again' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 20, guardianIntervalMs: 0 });
	server = await startConsole({ MEDIATOR_DATA_DIR: dataDir, MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: cut.url });
});

test.afterAll(async () => {
	await server?.stop();
	await node?.stop();
	await lnd?.stop();
	await cut?.close();
	await relay?.stop();
});

function outerEventOf(text: string): string {
	const db = new DatabaseSync(join(dataDir, 'mediator.sqlite'), { readOnly: true });
	try {
		const row = db.prepare("SELECT outer_id FROM chat_messages WHERE direction = 'out' AND content = ?").get(text) as { outer_id: string } | undefined;
		if (!row) throw new Error('the message is not stored');
		return row.outer_id;
	} finally {
		db.close();
	}
}

async function screenshots(page: Page, name: string) {
	for (const width of [1440, 360]) {
		for (const scheme of ['light', 'dark'] as const) {
			await page.setViewportSize({ width, height: 900 });
			await page.emulateMedia({ colorScheme: scheme });
			await page.getByTestId('chat-buyer').getByTestId('chat-send-again').scrollIntoViewIfNeeded();
			await page.screenshot({ path: `test-results/chat-send-again/${name}-${width}-${scheme}.png` });
		}
	}
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.emulateMedia({ colorScheme: 'light' });
}

test('a message no relay accepted is offered again and, once the relay is back, sent once as the same event', async ({ page }) => {
	await createFirstOperator(page, server, operator);
	await registerFirstOperatorSolver(server, node.secretKey);
	const order = await node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 30_000 });
	const disputeId = (await node.openDispute(order.id, 'buyer')).id;
	await page.goto(`${server.baseURL}/disputes/${disputeId}`);
	await expect(async () => {
		await page.reload();
		await page.getByTestId('take-button').click({ timeout: 1000 });
		await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 5000 });
	}).toPass({ timeout: 30_000 });
	await page.reload();

	// The relay goes away; the holder writes anyway.
	await cut.cut();
	const text = 'Please upload the bank receipt here.';
	const pane = page.getByTestId('chat-buyer');
	await pane.getByTestId('composer-text').fill(text);
	await pane.getByRole('button', { name: 'Send' }).click();
	const mine = pane.locator('[data-direction="out"]').filter({ hasText: text });
	await expect(mine).toBeVisible({ timeout: 20_000 });
	await expect(async () => {
		await page.reload();
		await expect(mine.getByTestId('chat-send-again')).toBeVisible({ timeout: 2000 });
	}).toPass({ timeout: 30_000 });
	await expect(mine.getByTestId('chat-not-sent').or(mine.getByTestId('chat-unconfirmed'))).toBeVisible();
	await screenshots(page, 'not-sent');
	const outerId = outerEventOf(text);
	expect(await queryRelay(relay.url, { ids: [outerId] })).toHaveLength(0);

	// Back: a click sends that very event, once the console has reconnected (its back-off after
	// a long outage can be half a minute; a click before that finds no relay and the offer stays).
	await cut.restore();
	await expect(async () => {
		await page.reload();
		const again = mine.getByTestId('chat-send-again');
		if ((await again.count()) > 0) await again.click({ timeout: 2000 });
		await expect(again).toHaveCount(0, { timeout: 5000 });
	}).toPass({ timeout: 90_000 });
	await expect(mine.getByTestId('chat-not-sent')).toHaveCount(0);
	const onRelay = await queryRelay(relay.url, { ids: [outerId] });
	expect(onRelay).toHaveLength(1);
	const channel = buildChatChannel(buyer.sk, node.dispute(disputeId)?.solverPubkey ?? '');
	expect(await queryRelay(relay.url, { kinds: [14], '#p': [channel.convPubkey] })).toHaveLength(1);
	await expect(pane.locator('[data-direction="out"]')).toHaveCount(1);
});
