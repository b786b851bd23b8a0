// `npm start` on a fresh data directory with no Mostro node starts the sandbox: start-up prints
// the console URL, the sandbox relay and the control endpoint (never the node key); the Sandbox
// banner is on the setup, console and sign-in pages; the board lists the seeded disputes; and
// the first operator's solver key is registered read-write on the node double.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga practises in the sandbox' };
let server: RunningConsole;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '5000', MEDIATOR_SANDBOX_DISPUTES: '4' });
});

test.afterAll(async () => {
	await server?.stop();
});

function sandboxState(): { nodeSecretKey: string; seeded: Array<{ disputeId: string; outcome: string }> } {
	return JSON.parse(readFileSync(join(server.dataDir, 'sandbox', 'sandbox-state.json'), 'utf8'));
}

test('npm start with no node runs the sandbox: banner, seeded disputes, the operator registered read-write', async ({ page }) => {
	const output = server.output();
	expect(output).toContain(`Mostro Mediator Console: ${server.baseURL}`);
	expect(output).toMatch(/sandbox relay: +ws:\/\/127\.0\.0\.1:\d+/);
	expect(output).toMatch(/control endpoint: +http:\/\/127\.0\.0\.1:\d+/);
	const state = sandboxState();
	expect(state.seeded).toHaveLength(4);
	expect(output).not.toContain(state.nodeSecretKey);

	await page.goto(server.setupUrl!);
	await expect(page.getByTestId('sandbox-banner')).toContainText('Sandbox');
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password', { exact: true }).fill(operator.password);
	await page.getByLabel('Repeat the password').fill(operator.password);
	await page.getByRole('button', { name: 'Create operator' }).click();
	await expect(page).toHaveURL(/\/disputes$/);

	await expect(page.getByTestId('sandbox-banner')).toContainText('simulated Mostro node');
	await expect(page.getByTestId('node-banner')).toHaveCount(0);
	for (const dispute of state.seeded.filter((d) => d.outcome === 'open' || d.outcome === 'in-progress')) {
		await expect(page.locator(`[data-dispute-id="${dispute.disputeId}"]`)).toBeVisible();
	}

	await page.goto(server.baseURL + '/solvers');
	await expect(page.getByTestId('sandbox-banner')).toBeVisible();
	const row = page.getByTestId('roster-row').filter({ hasText: operator.name });
	await expect(async () => {
		await page.reload();
		await expect(row).toContainText('read-write', { timeout: 1000 });
		await expect(row).toContainText('acknowledged', { timeout: 1000 });
	}).toPass({ timeout: 15_000 });

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByTestId('sandbox-banner')).toBeVisible();
	expect(server.output()).not.toContain(state.nodeSecretKey);
});

test('a mediator takes a dispute, sees the info, sends a template to the buyer, gets the reply and opens the image', async ({ page, context }) => {
	const state = sandboxState();
	const open = state.seeded.find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	await page.goto(server.baseURL + '/login');
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password').fill(operator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/disputes$/);

	await page.locator(`[data-dispute-id="${open!.disputeId}"] a`).first().click();
	await expect(page.getByTestId('case-status')).toHaveText('New');
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');
	await expect(page.getByTestId('case-holder')).toHaveText(operator.name);
	await expect(page.getByTestId('info-amount')).toContainText('sats');
	await expect(page.getByTestId('party-buyer')).toContainText('npub1');

	const buyerPane = page.getByTestId('chat-buyer');
	await buyerPane.getByLabel('Template').selectOption({ label: 'Ask for proof of payment' });
	await expect(buyerPane.locator('textarea')).toHaveValue(/proof of the fiat payment/);
	await buyerPane.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(buyerPane.locator('[data-direction="out"]')).toContainText('proof of the fiat payment');
	await expect(buyerPane.locator('[data-direction="in"]').first()).toBeVisible({ timeout: 20_000 });
	const imageLink = buyerPane.getByTestId('attachment-link').filter({ hasText: /\.png/ });
	await expect(imageLink).toBeVisible({ timeout: 20_000 });

	// A live chat update can re-render the link under the click; try the click again if no tab opened.
	const opened: { page?: Page } = {};
	await expect(async () => {
		[opened.page] = await Promise.all([context.waitForEvent('page', { timeout: 5_000 }), imageLink.click({ timeout: 5_000 })]);
	}).toPass({ timeout: 30_000 });
	const viewer = opened.page;
	if (!viewer) throw new Error('the image did not open');
	const response = await viewer.waitForLoadState().then(() => viewer.request.get(viewer.url()));
	expect(response.headers()['content-type']).toBe('image/png');
	expect(response.headers()['content-security-policy']).toContain('sandbox');
	const bytes = await response.body();
	expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
	await expect(buyerPane.getByTestId('attachment-image').first()).toBeVisible();

	// The take linked the order: the board finds the dispute by its order id.
	const orderId = (await page.locator('dt:has-text("Order") + dd').first().textContent())?.trim() ?? '';
	expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
	await page.goto(server.baseURL + '/disputes');
	// Hydrated (the live feed connected) before typing, so the search field keeps its value.
	await expect(page.getByTestId('live-state')).toContainText('Live');
	await page.getByLabel('Search').fill(orderId);
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByTestId('dispute-row')).toHaveCount(1);
	await expect(page.locator(`[data-dispute-id="${open!.disputeId}"]`)).toBeVisible();
});

test('a dispute opened by a simulated trader appears on the open board without a reload', async ({ page }) => {
	await page.goto(server.baseURL + '/login');
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password').fill(operator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/disputes$/);
	await expect(page.getByTestId('live-state')).toContainText('Live');
	const before = await page.getByTestId('dispute-row').count();
	await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'no reload'));
	await expect(page.getByTestId('dispute-row')).toHaveCount(before + 1, { timeout: 30_000 });
	expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('no reload');
});
