// Practising as a team in the sandbox started by `npm start` (bonds on): the operator adds a
// second mediator and registers a solver key for them on the Solvers page without any node key
// (the form has no node-key field: the sandbox signs); the mediator signs in, sees the newcomer
// guide on the board, dismisses it with the keyboard (still gone after a reload, still shown to
// the operator), takes a dispute and is offered bond slashing. Screenshots of the register form
// and the guide at 360 and 1440 px, light and dark.
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, replaceOneTimePassword, seededDisputes, signInAs } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga runs the sandbox team' };
const mediator = { name: 'marta', password: 'marta practises with the team' };
let server: RunningConsole;

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function screenshots(page: Page, path: string, name: string, visible: () => Promise<void>): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [360, 1440]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await page.goto(server.baseURL + path);
			await visible();
			expect(await pageWidth(page)).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `test-results/sandbox-team/${name}-${width}-${scheme}.png`, fullPage: width === 360 });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3', MEDIATOR_SANDBOX_BONDS: 'on' });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a second mediator registered without a node key sees the guide, dismisses it for good and takes a dispute', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	expect(server.output()).toMatch(/bonds: +on/);

	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + '/users');
	await page.locator('#new-name').fill(mediator.name);
	await page.locator('#new-role').selectOption('mediator');
	await page.getByRole('button', { name: 'Add user' }).click();
	const oneTime = (await page.getByTestId('one-time-password').textContent()) ?? '';
	const temporary = /: (\S+)\. It must/.exec(oneTime)?.[1] ?? '';
	expect(temporary).not.toBe('');

	// The Solvers page: no node-key field in the sandbox (the sandbox signs), for the first
	// operator's registration (done at setup) and the second mediator's alike.
	await page.goto(server.baseURL + '/solvers');
	await expect(page.getByTestId('roster-row').filter({ hasText: operator.name })).toContainText('acknowledged', { timeout: 15_000 });
	await expect(page.getByTestId('node-key-launcher')).toContainText('no node key to paste');
	await expect(page.locator('#nodeKey')).toHaveCount(0);
	await expect(page.locator('input[name="keepNodeKey"]')).toHaveCount(0);
	await screenshots(page, '/solvers', 'register-form', () => expect(page.getByTestId('node-key-launcher')).toBeVisible());

	await page.locator('#give-user').selectOption({ label: `${mediator.name} (Mediator)` });
	await page.getByRole('button', { name: 'Save the key' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'npub1' })).toBeVisible();
	await page.locator('#register-user').selectOption({ label: mediator.name });
	await page.locator('#permission').selectOption('read-write');
	await page.getByRole('button', { name: 'Send admin-add-solver' }).click();
	await expect(page.getByTestId('register-outcome')).toHaveText('The node acknowledged the registration.', { timeout: 20_000 });
	await expect(page.getByTestId('roster-row').filter({ hasText: mediator.name })).toContainText('read-write');

	// The mediator signs in: the guide is on the board, in their browser.
	const context = await browser.newContext();
	const marta = await context.newPage();
	await replaceOneTimePassword(marta, server, mediator.name, temporary, mediator.password);
	await marta.goto(server.baseURL + '/disputes');
	const guide = marta.getByTestId('newcomer-guide');
	await expect(guide).toBeVisible();
	await expect(guide.getByRole('heading', { name: 'New here? What you can practise in the sandbox' })).toBeVisible();
	await expect(guide.getByTestId('guide-key')).toHaveText('You hold a solver key registered on the simulated node, so you can take disputes.');
	await expect(guide.getByRole('listitem')).toHaveCount(5);
	await screenshots(marta, '/disputes', 'guide', () => expect(marta.getByTestId('newcomer-guide')).toBeVisible());

	// Keyboard: the dismiss button takes focus and Enter presses it.
	await expect(marta.getByTestId('live-state')).toContainText('Live');
	const dismiss = guide.getByRole('button', { name: 'Got it, hide this guide' });
	await dismiss.focus();
	await expect(dismiss).toBeFocused();
	await marta.keyboard.press('Enter');
	await expect(guide).toHaveCount(0);
	await marta.reload();
	await expect(marta.getByTestId('dispute-row').first()).toBeVisible();
	await expect(marta.getByTestId('newcomer-guide')).toHaveCount(0);
	// Per user: the operator still has it.
	await page.goto(server.baseURL + '/disputes');
	await expect(page.getByTestId('newcomer-guide')).toBeVisible();

	// The second mediator takes a dispute; with bonds on, the decision offers slashing.
	await marta.goto(server.baseURL + `/disputes/${open!.disputeId}`);
	await expect(marta.getByTestId('case-status')).toHaveText('New');
	await marta.getByTestId('take-button').click();
	await expect(marta.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 20_000 });
	await expect(marta.getByTestId('case-holder')).toHaveText(mediator.name);
	const panel = marta.getByTestId('decision-panel');
	await expect(panel.getByLabel('Slash the buyer’s bond')).toBeVisible();
	await expect(panel.getByLabel('Slash the seller’s bond')).toBeVisible();
	await context.close();
});

test('signing in again in a new browser keeps the dismissal (stored per user, not in the browser)', async ({ page }) => {
	await signInAs(page, server, mediator);
	await expect(page).toHaveURL(/\/disputes$/);
	await expect(page.getByTestId('dispute-row').first()).toBeVisible();
	await expect(page.getByTestId('newcomer-guide')).toHaveCount(0);
});
