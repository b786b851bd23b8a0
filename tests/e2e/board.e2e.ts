// The live board in a real browser against a console that follows a node on the embedded
// relay: a dispute published by the node appears without a reload, search finds it, and
// the Settings page shows the relay connected.
import { expect, test, type Page } from '@playwright/test';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { makeTestNode, publishToRelay } from '../helpers/node-events.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator } from './console-steps.ts';

let relay: RunningRelay;
let consoleServer: RunningConsole;
const node = makeTestNode();
const operator = { name: 'olga', password: 'olga watches the board' };

test.beforeAll(async () => {
	relay = await startRelay();
	const seeded = node.dispute({ disputeId: '11111111-1111-4111-8111-111111111111', status: 'in-progress', initiator: 'seller', now: Math.floor(Date.now() / 1000) - 3600 });
	await publishToRelay(relay.url, [seeded]);
	consoleServer = await startConsole({ MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: relay.url });
});

test.afterAll(async () => {
	await consoleServer?.stop();
	await relay?.stop();
});

async function setUp(page: Page) {
	await createFirstOperator(page, consoleServer, operator);
}

test('a new dispute appears on the open board without a reload, and search finds it', async ({ page }) => {
	await setUp(page);
	await expect(page.getByTestId('node-banner')).toHaveCount(0);
	await expect(page.getByTestId('dispute-row')).toHaveCount(1);
	await expect(page.getByTestId('bucket-outside')).toContainText('(1)');
	await expect(page.getByTestId('live-state')).toContainText('Live');
	await page.evaluate(() => ((window as unknown as { boardMarker: string }).boardMarker = 'still here'));

	const id = '22222222-2222-4222-8222-222222222222';
	await publishToRelay(relay.url, [node.dispute({ disputeId: id, status: 'initiated', initiator: 'buyer' })]);
	await expect(page.locator(`[data-dispute-id="${id}"]`)).toBeVisible();
	await expect(page.getByTestId('bucket-new')).toContainText('(1)');
	await expect(page).toHaveTitle(/^\(1\) Disputes/);
	expect(await page.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe('still here');

	await page.keyboard.press('/');
	await page.keyboard.type(id);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`q=${id}`));
	await expect(page.getByTestId('dispute-row')).toHaveCount(1);
	await expect(page.locator(`[data-dispute-id="${id}"]`)).toBeVisible();

	await page.locator('body').click();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`/disputes/${id}$`));
	await expect(page.getByTestId('case-status')).toHaveText('New');

	await publishToRelay(relay.url, [node.dispute({ disputeId: id, status: 'in-progress', initiator: 'buyer', now: Math.floor(Date.now() / 1000) + 1 })]);
	await expect(page.getByTestId('case-status')).toHaveText('In progress');
	await expect(page.getByTestId('timeline').locator('li')).toHaveCount(2);
});

test('the Settings page shows the relay as connected', async ({ page }) => {
	await page.goto(consoleServer.baseURL + '/login');
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password').fill(operator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/disputes$/);
	await page.goto(consoleServer.baseURL + '/settings');
	await expect(page.getByTestId('relay-row')).toHaveCount(1);
	await expect(page.getByTestId('relay-row')).toContainText(relay.url);
	await expect(page.getByTestId('relay-state')).toHaveText('Connected');
	await expect(page.getByTestId('node-source')).toContainText('MOSTRO_PUBKEY');
});
