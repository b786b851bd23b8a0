// Notifications by direct message as a person sets them up (issue 19): on the Account page the
// operator pastes an npub, receives the one-time code as a NIP-17 DM (read here by a second
// key), types it back and saves choices; a new dispute on the relay then arrives as a DM with
// a link to the case, and Settings shows the notifier npub and the delivery in its log.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { nip19 } from 'nostr-tools';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { makeTestNode, publishToRelay } from '../helpers/node-events.ts';
import { startDmReader, type DmReader } from '../helpers/dm-reader.ts';
import { createFirstOperator } from './console-steps.ts';
import { startConsole, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga wants direct messages' };
let relay: RunningRelay;
let server: RunningConsole;
let reader: DmReader;
const node = makeTestNode();

test.beforeAll(async () => {
	relay = await startRelay();
	server = await startConsole({ MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: relay.url });
	reader = await startDmReader(relay.url);
});
test.afterAll(async () => {
	reader?.stop();
	await server?.stop();
	await relay?.stop();
});

test('verify an npub with a code sent by DM, then receive a new dispute as a DM', async ({ page }) => {
	test.setTimeout(60_000);
	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + '/account');
	const card = page.getByTestId('notification-settings');
	await expect(card.getByTestId('notify-npub')).toHaveText('No npub set.');
	await card.getByTestId('notify-npub-input').fill(nip19.npubEncode(reader.pubkey));
	await card.getByRole('button', { name: 'Send a code' }).click();
	await expect(card.getByTestId('notify-code-sent')).toBeVisible();
	const message = await reader.next((t) => /code is \d{6}/.test(t), 'the code DM', 10_000);
	const code = /(\d{6})/.exec(message.text)?.[1] ?? '';
	await card.getByTestId('notify-code-input').fill(code);
	await card.getByRole('button', { name: 'Confirm' }).click();
	await expect(card.getByText('Your npub is verified.')).toBeVisible();
	await expect(card.getByTestId('notify-npub')).toContainText(nip19.npubEncode(reader.pubkey));
	await card.getByLabel('Someone took over my dispute').uncheck();
	await card.getByRole('button', { name: 'Save choices' }).click();
	await expect(card.getByText('Saved.')).toBeVisible();
	await page.reload();
	await expect(card.getByLabel('Someone took over my dispute')).not.toBeChecked();
	await expect(card.getByLabel('A new dispute', { exact: true })).toBeChecked();

	const disputeId = randomUUID();
	await publishToRelay(relay.url, [node.dispute({ disputeId, status: 'initiated', initiator: 'buyer' })]);
	const dm = await reader.next((t) => t.includes(`New dispute ${disputeId.slice(0, 8)}`), 'the new-dispute DM', 10_000);
	expect(dm.text).toContain(`${server.baseURL}/disputes/${disputeId}`);

	await page.goto(server.baseURL + '/settings');
	await expect(page.getByTestId('notifier-npub')).toContainText('npub1');
	await expect(page.getByTestId('notification-health')).toHaveText('Notification delivery: no failures.');
	const log = page.getByTestId('notification-log');
	await expect(log).toContainText('A new dispute');
	await expect(log).toContainText(disputeId.slice(0, 8));
	await expect(log).toContainText(relay.url);
	await expect(log).toContainText('Npub verification code');
});
