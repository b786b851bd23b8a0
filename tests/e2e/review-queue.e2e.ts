// Four-eyes a team can run, in the sandbox started by `npm start`, with an operator and two
// mediators: the operator's invalid threshold ("12abc") is refused beside the field and kept;
// mediator ana takes a dispute and proposes; mediator ben sees the count in the navigation and
// the "Needs my review" bucket appear live (no reload); ana withdraws and ben's count drops
// live; ana proposes again, ben approves, and Reports credits the settle to ana with ben's
// approval shown apart. Screenshots of the board with the bucket, the case page with the
// withdraw button and the settings error at 360 and 1440 px, light and dark.
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, registerSolverFor, reloadUntilTakeable, replaceOneTimePassword, seededDisputes, signInAs } from './console-steps.ts';
import { addUserWithCli } from './helpers.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga runs the review queue' };
const ana = { name: 'ana', password: 'ana proposes and withdraws' };
const ben = { name: 'ben', password: 'ben reviews what ana proposes' };
let server: RunningConsole;

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function screenshots(page: Page, path: string, name: string, visible: () => Promise<void>, fullPage = true): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [360, 1440]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await page.goto(server.baseURL + path);
			await visible();
			expect(await pageWidth(page)).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `test-results/review-queue/${name}-${width}-${scheme}.png`, fullPage: fullPage && width === 360 });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1440, height: 900 });
}

async function propose(page: Page): Promise<void> {
	const panel = page.getByTestId('decision-panel');
	await panel.getByTestId('choose-settle').check();
	await panel.getByTestId('decision-reason').selectOption('other');
	await panel.getByTestId('decision-justification').fill('The buyer showed the bank transfer; the seller stopped answering.');
	await panel.getByTestId('decision-review').click();
	await panel.getByTestId('decision-confirm-anyway').click();
	await panel.getByTestId('decision-submit').click();
	await expect(panel.getByTestId('decision-outcome')).toContainText('Proposal recorded');
	await expect(panel.getByTestId('withdraw-button')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

test('an invalid four-eyes threshold is refused beside the field and the typed value is kept', async ({ page }) => {
	test.setTimeout(90_000);
	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + '/settings');
	const section = page.getByTestId('four-eyes-settings');
	const input = page.getByTestId('four-eyes-input');
	await input.fill('5000');
	await section.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Four-eyes threshold saved.')).toBeVisible();
	await input.fill('12abc');
	await section.getByRole('button', { name: 'Save' }).click();
	const error = section.locator('#four-eyes-sats-error');
	await expect(error).toBeVisible();
	await expect(input).toHaveValue('12abc');
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	await expect(input).toHaveAttribute('aria-describedby', 'four-eyes-sats-error');
	// Not shown in the node connection card above.
	await expect(page.getByRole('alert').filter({ hasText: (await error.textContent()) ?? '' })).toHaveCount(1);
	// The settings poll refreshes the page data: the typed value stays.
	await page.waitForTimeout(5500);
	await expect(input).toHaveValue('12abc');
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [360, 1440]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await section.scrollIntoViewIfNeeded();
			expect(await pageWidth(page)).toBeLessThanOrEqual(width);
			await section.screenshot({ path: `test-results/review-queue/settings-error-${width}-${scheme}.png` });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.reload();
	await expect(input).toHaveValue('5000');

	// The same for the notification delays: the error is beside the field that was wrong.
	const delays = page.getByTestId('notification-admin');
	const escalate = delays.locator('#timing-escalateAfterMin');
	await escalate.fill('soon');
	await delays.getByRole('button', { name: 'Save' }).click();
	await expect(delays.locator('#timing-escalateAfterMin-error')).toBeVisible();
	await expect(escalate).toHaveValue('soon');
	await expect(escalate).toHaveAttribute('aria-invalid', 'true');
	await expect(delays.locator('#timing-renotifyAfterMin')).not.toHaveAttribute('aria-invalid', 'true');
	for (const width of [360, 1440]) {
		await page.setViewportSize({ width, height: 900 });
		await delays.scrollIntoViewIfNeeded();
		await delays.screenshot({ path: `test-results/review-queue/settings-delays-error-${width}-light.png` });
	}
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.reload();
	await input.fill('0');
	await section.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Four-eyes threshold saved.')).toBeVisible();
});

test('ben sees ana’s proposal live, the count drops when she withdraws, and Reports credits ana', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	const disputeId = open!.disputeId;
	const anaTemporary = addUserWithCli(ana.name, 'mediator', server.dataDir);
	const benTemporary = addUserWithCli(ben.name, 'mediator', server.dataDir);
	await registerSolverFor(server, ana.name);

	const anaContext = await browser.newContext();
	const anaPage = await anaContext.newPage();
	await replaceOneTimePassword(anaPage, server, ana.name, anaTemporary, ana.password);
	const benContext = await browser.newContext();
	const benPage = await benContext.newPage();
	await replaceOneTimePassword(benPage, server, ben.name, benTemporary, ben.password);
	await benPage.goto(server.baseURL + '/disputes');
	await expect(benPage.getByTestId('live-state')).toContainText('Live');
	await expect(benPage.getByTestId('nav-review')).toHaveCount(0);
	await expect(benPage.getByTestId('bucket-review-count')).toHaveText('(0)');

	await anaPage.goto(server.baseURL + `/disputes/${disputeId}`);
	await reloadUntilTakeable(anaPage);
	await anaPage.getByTestId('take-button').click();
	await expect(anaPage.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 20_000 });
	await propose(anaPage);

	// ben's board: the count and the bucket, without a reload.
	await expect(benPage.getByTestId('nav-review-count')).toHaveText('1', { timeout: 10_000 });
	await expect(benPage.getByTestId('nav-review')).toHaveAttribute('aria-label', '1 proposal(s) waiting for your review');
	await expect(benPage.getByTestId('bucket-review-count')).toHaveText('(1)');
	await benPage.getByTestId('bucket-review').click();
	await expect(benPage).toHaveURL(/bucket=review/);
	await expect(benPage.getByTestId('dispute-row')).toHaveCount(1);
	await expect(benPage.locator(`[data-dispute-id="${disputeId}"]`)).toBeVisible();
	// ana, who proposed it, has nothing to review.
	await expect(anaPage.getByTestId('nav-review')).toHaveCount(0);

	await screenshots(benPage, '/disputes?bucket=review', 'board-review-bucket', () => expect(benPage.locator(`[data-dispute-id="${disputeId}"]`)).toBeVisible());
	await benPage.goto(server.baseURL + '/disputes?bucket=review');
	await expect(benPage.getByTestId('live-state')).toContainText('Live');
	// Below 1024 px the decision is in the case rail, opened from the header.
	const showWithdraw = async () => {
		const toggle = anaPage.getByTestId('rail-toggle');
		if (await toggle.isVisible()) await toggle.click();
		const withdraw = anaPage.getByTestId('withdraw-button');
		await withdraw.scrollIntoViewIfNeeded();
		await expect(withdraw).toBeVisible();
	};
	await screenshots(anaPage, `/disputes/${disputeId}`, 'case-withdraw', showWithdraw, false);
	await anaPage.goto(server.baseURL + `/disputes/${disputeId}`);

	// ana withdraws: ben's count drops live.
	await anaPage.getByTestId('withdraw-button').click();
	await expect(anaPage.getByTestId('decision-outcome')).toHaveText('Proposal withdrawn. Nothing was sent to the node; you can propose again.');
	await expect(anaPage.getByTestId('decision-history')).toContainText('withdrawn by its proposer');
	await expect(benPage.getByTestId('nav-review')).toHaveCount(0, { timeout: 10_000 });
	await expect(benPage.getByTestId('bucket-review-count')).toHaveText('(0)');
	await expect(benPage.getByTestId('dispute-row')).toHaveCount(0);

	// ana proposes again; ben approves.
	await propose(anaPage);
	await expect(benPage.getByTestId('nav-review-count')).toHaveText('1', { timeout: 10_000 });
	await benPage.goto(server.baseURL + `/disputes/${disputeId}`);
	const review = benPage.getByTestId('decision-proposal');
	await expect(review.getByTestId('withdraw-button')).toHaveCount(0);
	await review.getByTestId('review-comment').fill('Transfer checked: approved.');
	await review.getByTestId('approve-button').click();
	await expect(benPage.getByTestId('decision-outcome')).toHaveText('The node settled: the buyer is being paid.', { timeout: 20_000 });
	await expect(benPage.getByTestId('nav-review')).toHaveCount(0);

	// Reports (the operator): the settle counts for ana, who held and proposed it; ben's approval is shown apart.
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	await expect(async () => {
		await page.goto(server.baseURL + '/reports');
		const rows = page.getByTestId('report-mediators').getByRole('row');
		const anaCells = rows.filter({ hasText: ana.name }).getByRole('cell');
		const benCells = rows.filter({ hasText: ben.name }).getByRole('cell');
		// Mediator, taken, held open, paid buyer, refunded seller, approved, median.
		await expect(anaCells.nth(3)).toHaveText('1', { timeout: 1000 });
		await expect(anaCells.nth(5)).toHaveText('0', { timeout: 1000 });
		await expect(benCells.nth(3)).toHaveText('0', { timeout: 1000 });
		await expect(benCells.nth(5)).toHaveText('1', { timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await anaContext.close();
	await benContext.close();
});
