// Every console page in every language of the console, in the sandbox `npm start` brings up:
// the page says which language it is in (`<html lang>`), the language switch shows the chosen
// language as pressed, amounts are grouped as the language writes them, and nothing is wider
// than a 360 px phone (longer Portuguese or Italian words must wrap, not push the page sideways).
// E2E_SCREENSHOTS=1 also saves each page at 360×740 and 1440×900 in light and dark for each
// language (into E2E_SCREENSHOT_DIR, else the test's output), so a person can look at them. English is covered by the accessibility sweep.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, reloadUntilTakeable, seededDisputes } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';
import { LOCALE_TAGS, type Locale } from '../../src/lib/i18n/locales.ts';

const operator = { name: 'olga', password: 'olga reads every language' };
const languages: Array<{ locale: Locale; switchLabel: string }> = [
	{ locale: 'es', switchLabel: 'Español' },
	{ locale: 'pt', switchLabel: 'Português (Brasil)' },
	{ locale: 'it', switchLabel: 'Italiano' }
];
const narrow = { width: 360, height: 740 };
const wide = { width: 1440, height: 900 };
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

const twoFrames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

async function screenshots(page: Page, locale: Locale, label: string): Promise<void> {
	for (const theme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: theme });
		for (const size of [narrow, wide]) {
			await page.setViewportSize(size);
			await twoFrames(page);
			const file = `${label}-${locale}-${size.width}-${theme}.png`;
			await page.screenshot({ path: process.env.E2E_SCREENSHOT_DIR ? join(process.env.E2E_SCREENSHOT_DIR, file) : test.info().outputPath(file), fullPage: true });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

test('every page in Spanish, Portuguese and Italian says its language and fits a 360 px screen', async ({ page }) => {
	test.setTimeout(process.env.E2E_SCREENSHOTS ? 420_000 : 180_000);
	await createFirstOperator(page, server, operator);
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	const casePath = `/disputes/${open!.disputeId}`;
	await page.goto(server.baseURL + casePath);
	await reloadUntilTakeable(page);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toBeVisible({ timeout: 15_000 });

	const pages: Array<[string, string]> = [
		['board', '/disputes'],
		['shift', '/shift'],
		['case', casePath],
		['evidence', `${casePath}/evidence`],
		['audit', '/audit'],
		['reports', '/reports'],
		['settings', '/settings'],
		['settings-webhooks', '/settings/webhooks'],
		['settings-templates', '/settings/templates'],
		['users', '/users'],
		['solvers', '/solvers'],
		['account', '/account']
	];
	const overflowing: string[] = [];
	for (const { locale, switchLabel } of languages) {
		await page.setViewportSize(wide);
		await page.goto(server.baseURL + '/disputes');
		await page.getByRole('button', { name: switchLabel, exact: true }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', LOCALE_TAGS[locale]);
		for (const [label, path] of pages) {
			await page.setViewportSize(narrow);
			const response = await page.goto(server.baseURL + path);
			expect(response?.status(), `${path} in ${locale}`).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', LOCALE_TAGS[locale]);
			// At 360 px the switch sits in the collapsed menu: read its state, not its visibility.
			await expect(page.locator(`button[name="locale"][value="${locale}"]`).first()).toHaveAttribute('aria-pressed', 'true');
			// Amounts are grouped the way the language writes them (regression: pt and it got "94,000 sats").
			if (label === 'case') await expect(page.getByTestId('case-header')).toContainText(/\b\d{1,3}\.\d{3} sats/);
			await twoFrames(page);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			if (width > narrow.width) overflowing.push(`${label} (${locale}): ${width} px wide at ${narrow.width}`);
			if (process.env.E2E_SCREENSHOTS) await screenshots(page, locale, label);
		}
	}
	expect(overflowing, `pages that scroll sideways at 360 px:\n${overflowing.join('\n')}`).toEqual([]);
});
