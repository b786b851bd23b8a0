// Accessibility of every console page, measured with axe-core in light and dark (the system
// theme, emulated the way a browser set to dark reports it; the console follows it unless the
// user saved another): the setup and sign-in pages, the board, a case with its chat and the
// imported transcript, My shift, the evidence, audit, reports, settings, users, solvers and account
// pages, and the 403 page an auditor gets for Users. Each test fails listing every violation
// (page, theme, rule, element, why), and every page whose document is wider than 360 px on a
// 360 px screen. E2E_SCREENSHOTS=1 saves each page at 360×740 and 1440×900 in both themes
// (into E2E_SCREENSHOT_DIR, else the test's output). It runs against the sandbox `npm start`
// brings up; it never disables a rule.
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addUserWithCli } from './helpers.ts';
import { createFirstOperator, reloadUntilTakeable, replaceOneTimePassword, seededDisputes, signInAs } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga checks every page' };
const auditor = { name: 'ana', password: 'ana is refused the users page' };
const themes = ['light', 'dark'] as const;
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

const screenshotSizes = [
	{ width: 360, height: 740 },
	{ width: 1440, height: 900 }
] as const;
/** Pages whose document is wider than a 360 px phone (a table scrolling inside its own box is fine). */
const overflowing: string[] = [];

async function atViewport<T>(page: Page, size: { width: number; height: number }, body: () => Promise<T>): Promise<T> {
	const before = page.viewportSize();
	await page.setViewportSize(size);
	try {
		return await body();
	} finally {
		if (before) await page.setViewportSize(before);
	}
}

async function checkNarrowOverflow(page: Page, label: string): Promise<void> {
	const width = await atViewport(page, screenshotSizes[0], () => page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth)))));
	if (width > screenshotSizes[0].width) overflowing.push(`${label}: ${width} px wide at ${screenshotSizes[0].width}`);
}

/** E2E_SCREENSHOTS=1: a full-page picture of the page at 360×740 and 1440×900, into E2E_SCREENSHOT_DIR or the test's output. */
async function screenshotAtEachWidth(page: Page, label: string, theme: string): Promise<void> {
	const name = label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root';
	for (const size of screenshotSizes) {
		const file = `${name}-${size.width}-${theme}.png`;
		const path = process.env.E2E_SCREENSHOT_DIR ? join(process.env.E2E_SCREENSHOT_DIR, file) : test.info().outputPath(file);
		await atViewport(page, size, async () => {
			// Two frames, so the layout and paint of the new width are done before the picture.
			await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
			await page.screenshot({ path, fullPage: true });
		});
	}
}

/** One line per offending element: where, which theme, which rule, and axe's reason. */
async function violationsOn(page: Page, label: string, ready?: (page: Page) => Promise<void>): Promise<string[]> {
	const found: string[] = [];
	for (const theme of themes) {
		await page.emulateMedia({ colorScheme: theme });
		await page.reload();
		await page.waitForLoadState('load');
		if (ready) await ready(page);
		if (theme === 'light') await checkNarrowOverflow(page, label);
		if (process.env.E2E_SCREENSHOTS) await screenshotAtEachWidth(page, label, theme);
		const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
		for (const violation of result.violations) {
			for (const node of violation.nodes) {
				found.push(`${label} [${theme}] ${violation.id}: ${node.target.join(' ')} — ${(node.failureSummary ?? violation.help).replace(/\s+/g, ' ').slice(0, 240)}`);
			}
		}
	}
	return found;
}

async function visit(page: Page, path: string, label = path, ready?: (page: Page) => Promise<void>): Promise<string[]> {
	await page.goto(server.baseURL + path);
	return violationsOn(page, label, ready);
}

// One test, so that one run lists every violation on every page instead of stopping at the first page.
test('every page has no axe violations in light and dark', async ({ page, browser }) => {
	test.setTimeout(process.env.E2E_SCREENSHOTS ? 480_000 : 240_000);
	const found: string[] = [];
	const step = (name: string, body: () => Promise<void>) =>
		test.step(name, async () => {
			try {
				await body();
			} catch (error) {
				found.push(`${name}: the step failed before its pages were all checked: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
			}
		});

	await step('setup and sign-in', async () => {
		await page.goto(server.setupUrl!);
		found.push(...(await violationsOn(page, '/setup')));
		await createFirstOperator(page, server, operator);
		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page).toHaveURL(/\/login/);
		found.push(...(await violationsOn(page, '/login')));
		// The sign-in card and the sandbox banner fit one 1440×900 screen: no scroll for the banner's height.
		const loginHeight = await atViewport(page, screenshotSizes[1], () => page.evaluate(() => document.documentElement.scrollHeight));
		expect.soft(loginHeight, 'the sign-in page is one screen tall at 1440×900').toBeLessThanOrEqual(screenshotSizes[1].height);
		await signInAs(page, server, operator);
		await expect(page).toHaveURL(/\/disputes$/);
	});

	await step('board, case with chat and transcript, evidence', async () => {
		const scam = seededDisputes(server).find((d) => d.scenario === 'scammer-seller' && d.outcome === 'open');
		expect(scam, 'the seeded scammer dispute').toBeTruthy();
		const casePath = `/disputes/${scam!.disputeId}`;
		found.push(...(await visit(page, '/disputes', '/disputes', (p) => expect(p.getByTestId('dispute-row').first()).toBeVisible())));
		await page.goto(server.baseURL + casePath);
		found.push(...(await violationsOn(page, 'case (new)')));
		await reloadUntilTakeable(page);
		await page.getByTestId('take-button').click();
		await expect(page.getByTestId('take-outcome')).toBeVisible();
		const buyer = page.getByTestId('chat-buyer');
		await buyer.getByRole('textbox').fill('Please share the chat key of your conversation with the seller.');
		await buyer.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(buyer.getByTestId('import-chat-key').first()).toBeVisible({ timeout: 30_000 });
		// Both directions in the chat and the key-import button, before the import.
		found.push(...(await violationsOn(page, 'case (chat)', (p) => expect(p.getByTestId('chat-buyer').getByTestId('import-chat-key').first()).toBeVisible())));
		await page.getByTestId('chat-buyer').getByTestId('import-chat-key').first().click();
		await expect(page).toHaveURL(new RegExp(`${casePath}/evidence`));
		found.push(...(await violationsOn(page, 'evidence', (p) => expect(p.getByTestId('evidence-message').first()).toBeVisible())));
		found.push(...(await visit(page, casePath, 'case (chat and transcript)', (p) => expect(p.getByTestId('chat-buyer')).toBeVisible())));
	});

	await step('audit, reports, settings, users, solvers, account', async () => {
		for (const path of ['/shift', '/audit', '/reports', '/settings', '/settings/templates', '/settings/webhooks', '/users', '/solvers', '/account', '/account/password', '/account/two-factor']) {
			found.push(...(await visit(page, path)));
		}
	});

	await step('the 403 page an auditor gets for Users', async () => {
		const temporary = addUserWithCli(auditor.name, 'auditor', server.dataDir);
		const context = await browser.newContext();
		const ana = await context.newPage();
		await replaceOneTimePassword(ana, server, auditor.name, temporary, auditor.password);
		const refused = await ana.goto(server.baseURL + '/users');
		expect(refused?.status()).toBe(403);
		found.push(...(await violationsOn(ana, '403 (/users)')));
		await context.close();
	});

	expect.soft(overflowing, `${overflowing.length} pages scroll sideways at 360 px:\n${overflowing.join('\n')}`).toEqual([]);
	expect(found, `${found.length} accessibility violations:\n${found.join('\n')}`).toEqual([]);
});
