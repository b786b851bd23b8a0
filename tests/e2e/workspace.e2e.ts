// The case workspace in the sandbox started by `npm start`: the conversation fills the window
// (composer and newest message in view at 1440×900 without scrolling), nothing is wider than a
// 360 px phone, the keyboard-only flow (take, focus in the composer, Ctrl+Enter sends, focus
// stays), the `?` overlay, no outcome chosen in advance and the second confirmation when nobody
// was heard, and a party's reply raising the badge of its tab. Screenshots of the page at 360 and
// 1440 px, light and dark, English and Spanish go to test-results/workspace/.
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, reloadUntilTakeable, seededDisputes, signInAs } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga works in the workspace' };
let server: RunningConsole;
let disputeId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** The workspace measured itself: the page is hydrated and answers to its shortcuts. */
const hydrated = (page: Page) => page.waitForFunction(() => document.querySelector('[data-testid="case-workspace"]')?.getAttribute('style')?.includes('height'));

test('keyboard only: take, write, send with Ctrl+Enter; the overlay; a deliberate decision', async ({ page }) => {
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	disputeId = open!.disputeId;
	await page.setViewportSize({ width: 1440, height: 900 });
	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await reloadUntilTakeable(page);
	await hydrated(page);

	// `t` takes; focus lands in the buyer's composer, never on the body.
	await page.locator('body').press('t');
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');
	const composer = page.locator('#text-buyer');
	await expect(composer).toBeFocused({ timeout: 10_000 });

	// No outcome is chosen for the mediator; deciding with nobody heard asks a second time.
	const panel = page.getByTestId('decision-panel');
	await expect(panel.getByTestId('choose-settle')).not.toBeChecked();
	await expect(panel.getByTestId('choose-cancel')).not.toBeChecked();
	await expect(panel.getByTestId('decision-review')).toBeDisabled();
	await panel.getByTestId('choose-cancel').check();
	await panel.getByTestId('decision-reason').selectOption('fiat_not_received');
	await panel.getByTestId('decision-justification').fill('Nobody answered in the chat so far.');
	await panel.getByTestId('decision-review').click();
	const confirm = panel.getByTestId('decision-confirm');
	await expect(confirm).toBeFocused();
	await expect(confirm.getByTestId('decision-warnings')).toContainText('No message was exchanged with either party.');
	await expect(confirm.getByTestId('decision-warnings')).toContainText('No trade chat evidence was imported.');
	await expect(confirm.getByTestId('decision-submit')).toHaveCount(0);
	await confirm.getByTestId('decision-confirm-anyway').click();
	await expect(confirm.getByTestId('decision-submit')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(confirm).toHaveCount(0);
	await expect(panel.getByTestId('decision-review')).toBeFocused();

	// `c` goes back to the composer; Ctrl+Enter sends and focus stays there.
	await page.keyboard.press('c');
	await expect(composer).toBeFocused();
	await page.keyboard.type('Hello, I am looking into this dispute.');
	await page.keyboard.press('Control+Enter');
	await expect(page.getByTestId('chat-buyer').locator('[data-direction="out"]')).toContainText('looking into this dispute');
	await expect(composer).toHaveValue('');
	await expect(composer).toBeFocused();

	// `?` lists the shortcuts; Escape closes the list.
	await page.getByTestId('case-header').locator('h1').click();
	await page.keyboard.press('?');
	const dialog = page.getByTestId('shortcuts-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('Send the message');
	await expect(dialog).toContainText('Take the dispute');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
});

test('at 1440×900 the newest message and the composer are in view without scrolling', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	const buyer = page.getByTestId('chat-buyer');
	await expect(buyer.getByTestId('chat-message').last()).toBeInViewport();
	await expect(page.locator('#text-buyer')).toBeInViewport();
	await expect(page.locator('#text-seller')).toBeInViewport();
	expect(await page.evaluate(() => window.scrollY)).toBe(0);
	expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
});

test('a party reply raises the badge of its tab while the other party is shown', async ({ page }) => {
	await page.setViewportSize({ width: 1100, height: 800 });
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	await expect(page.getByTestId('tab-buyer')).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('chat-seller')).toBeHidden();
	await expect(page.getByTestId('tab-unread-seller')).toHaveCount(0);
	// Write to the seller from this page (the form's own action) while the buyer's pane is shown;
	// the simulated seller answers every message from a solver.
	const status = await page.evaluate(async (id) => {
		const body = new FormData();
		body.set('party', 'seller');
		body.set('text', 'Hello seller, please tell me what happened.');
		const response = await fetch(`/disputes/${id}?/send`, { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } });
		return response.status;
	}, disputeId);
	expect(status).toBe(200);
	await expect(page.getByTestId('tab-unread-seller')).toBeVisible({ timeout: 30_000 });
	await page.getByTestId('case-header').locator('h1').click();
	await page.keyboard.press('s');
	await expect(page.getByTestId('chat-seller').locator('[data-direction="in"]').first()).toBeVisible();
	await expect(page.getByTestId('tab-unread-seller')).toHaveCount(0);
});

test('at 360×740 nothing scrolls sideways, and the details open as a drawer', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	await expect(page.locator('#text-buyer')).toBeInViewport();
	expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(360);
	await expect(page.getByTestId('case-rail')).toBeHidden();
	await page.getByTestId('rail-toggle').click();
	await expect(page.getByTestId('case-rail')).toBeVisible();
	await expect(page.getByTestId('case-status')).toBeVisible();
	expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(360);
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('case-rail')).toBeHidden();
	await expect(page.getByTestId('rail-toggle')).toBeFocused();
	// The newest message is in view at 360 too (the list is pinned to the bottom).
	await expect(page.getByTestId('chat-buyer').getByTestId('chat-message').last()).toBeInViewport();
});

test('an imported chat key opens the verified transcript tab', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	await expect(page.getByTestId('tab-transcript')).toHaveCount(0);
	await page.keyboard.press('c');
	await page.keyboard.type('Please share the chat key of your trade conversation.');
	await page.keyboard.press('Control+Enter');
	const importButton = page.getByTestId('chat-buyer').getByTestId('import-chat-key').first();
	await expect(importButton).toBeVisible({ timeout: 30_000 });
	await importButton.click();
	await expect(page).toHaveURL(/\/evidence/);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	await page.getByTestId('case-header').locator('h1').click();
	await page.keyboard.press('v');
	await expect(page.getByTestId('transcript-summary')).toBeVisible();
	await expect(page.getByTestId('transcript-summary')).toContainText('1 key(s) imported');
	await expect(page.getByTestId('chat-buyer')).toBeHidden();
	await page.screenshot({ path: 'test-results/workspace/case-1440-light-en-transcript.png' });
});

test('screenshots at 360 and 1440, light and dark, English and Spanish', async ({ page }) => {
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	for (const locale of ['en', 'es'] as const) {
		// The signed-in user's saved language wins over the cookie: switch it as a user does.
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(server.baseURL + '/disputes');
		await page.getByRole('button', { name: locale === 'en' ? 'English' : 'Español', exact: true }).click();
		await expect(page.locator('[data-locale]')).toHaveAttribute('data-locale', locale);
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			for (const width of [360, 1440]) {
				await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
				await page.goto(server.baseURL + `/disputes/${disputeId}`);
				await expect(page.getByTestId('chat-buyer')).toBeVisible();
				await hydrated(page);
				expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(width);
				await expect(page.getByTestId('chat-buyer').getByTestId('chat-message').last()).toBeInViewport({ ratio: 0.9 });
				await page.screenshot({ path: `test-results/workspace/case-${width}-${scheme}-${locale}.png` });
				if (width === 360) {
					await page.getByTestId('rail-toggle').click();
					await page.screenshot({ path: `test-results/workspace/case-${width}-${scheme}-${locale}-drawer.png` });
				}
			}
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto(server.baseURL + '/disputes');
	await page.getByRole('button', { name: 'English', exact: true }).click();
	await expect(page.locator('[data-locale]')).toHaveAttribute('data-locale', 'en');
	// A case nobody took yet, and the decision's second confirmation.
	const untaken = seededDisputes(server).find((d) => d.disputeId !== disputeId && d.outcome === 'open');
	if (untaken) {
		await page.goto(server.baseURL + `/disputes/${untaken.disputeId}`);
		await hydrated(page);
		await page.screenshot({ path: 'test-results/workspace/case-1440-light-en-untaken.png' });
	}
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await hydrated(page);
	await page.getByTestId('case-header').locator('h1').click();
	await page.keyboard.press('d');
	await expect(page.getByTestId('choose-settle')).toBeFocused();
	await page.getByTestId('choose-settle').check();
	await page.getByTestId('decision-reason').selectOption({ index: 1 });
	await page.getByTestId('decision-justification').fill('Only the buyer was heard so far.');
	await page.getByTestId('decision-review').click();
	await expect(page.getByTestId('decision-confirm')).toBeFocused();
	await page.screenshot({ path: 'test-results/workspace/case-1440-light-en-confirm.png' });
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('decision-confirm')).toHaveCount(0);
	await page.goto(server.baseURL + '/disputes');
	await page.locator('body').press('?');
	await page.screenshot({ path: 'test-results/workspace/board-shortcuts-1440.png' });
});
