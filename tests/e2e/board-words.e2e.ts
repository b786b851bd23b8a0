// The board and the shell as a mediator meets them, in the sandbox (npm start, trickling new
// disputes): the j/k selection follows the dispute when one arrives live, the live state says
// nothing until the stream failed, the copy button draws an SVG icon, a saved Dark theme is on
// the first paint, and the 403 page keeps the navigation and says what the role may not do.
// Screenshots of the board and the 403 page at 360 and 1440 px, light and dark, go to
// MEDIATOR_SCREENSHOTS when it is set.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';
import { createFirstOperator, replaceOneTimePassword, signInAs } from './console-steps.ts';

const operator = { name: 'olga', password: 'olga keeps her place on the board' };
const mediator = { name: 'mia', password: 'mia may not manage users' };
const shots = process.env.MEDIATOR_SCREENSHOTS ?? '';
let server: RunningConsole;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '4000', MEDIATOR_SANDBOX_DISPUTES: '4' });
});

test.afterAll(async () => {
	await server?.stop();
});

async function screenshots(page: Page, name: string) {
	if (!shots) return;
	for (const width of [360, 1440]) {
		for (const scheme of ['light', 'dark'] as const) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await page.emulateMedia({ colorScheme: scheme });
			await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`), fullPage: true });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1280, height: 720 });
}

const selectedRow = (page: Page) => page.locator('[data-testid="dispute-row"][aria-selected="true"]');

test('the selection stays on the dispute chosen with j when a new one arrives live, and Enter opens it', async ({ page }) => {
	// Any "Reconnecting…" shown while the page loads, before or after hydration, is recorded.
	await page.addInitScript(() => {
		const w = window as unknown as { sawReconnecting: boolean };
		w.sawReconnecting = false;
		const look = () => {
			if (document.querySelector('[data-testid="live-state"]')?.textContent?.includes('Reconnecting')) w.sawReconnecting = true;
		};
		new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
		document.addEventListener('DOMContentLoaded', look);
	});
	await createFirstOperator(page, server, operator);
	await expect(page.getByTestId('live-state')).toContainText('Live');
	expect(await page.evaluate(() => (window as unknown as { sawReconnecting: boolean }).sawReconnecting)).toBe(false);

	const copy = page.getByTestId('dispute-row').first().getByRole('button', { name: 'Copy' });
	await expect(copy.locator('svg')).toBeVisible();
	await expect(copy).not.toContainText('⧉');

	const rows = page.getByTestId('dispute-row');
	const before = await rows.count();
	expect(before).toBeGreaterThan(1);
	await page.locator('h1').click();
	await page.keyboard.press('j');
	const chosen = await rows.nth(1).getAttribute('data-dispute-id');
	await expect(selectedRow(page)).toHaveAttribute('data-dispute-id', chosen!);

	// A trickled dispute arrives on top: the rows shift, the selection does not.
	await expect(rows).toHaveCount(before + 1, { timeout: 30_000 });
	await expect(rows.nth(1)).not.toHaveAttribute('data-dispute-id', chosen!);
	await expect(selectedRow(page)).toHaveCount(1);
	await expect(selectedRow(page)).toHaveAttribute('data-dispute-id', chosen!);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`/disputes/${chosen}$`));

	// Back on the board, the selection is where it was.
	await page.goBack();
	await expect(selectedRow(page)).toHaveAttribute('data-dispute-id', chosen!);
	await screenshots(page, 'board');
});

test('a saved Dark theme is on the first paint, and Light too', async ({ page }) => {
	await signInAs(page, server, operator);
	await expect(page).toHaveURL(/\/disputes$/);
	for (const [label, theme] of [
		['Dark', 'dark'],
		['Light', 'light']
	] as const) {
		await page.goto(server.baseURL + '/account');
		await page.getByLabel(label, { exact: true }).check();
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
		// The server's HTML itself, before any script runs.
		const html = await (await page.request.get(server.baseURL + '/disputes')).text();
		expect(html).toContain(`class="${theme}" data-theme="${theme}"`);
		await page.goto(server.baseURL + '/disputes');
		await expect(page.locator('body')).toHaveClass(theme);
	}
	await page.goto(server.baseURL + '/account');
	await page.getByLabel('System', { exact: true }).check();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
});

test('the 403 page keeps the navigation and says what a mediator may not do', async ({ page }) => {
	const out = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', mediator.name, '--role', 'mediator'], {
		env: { ...process.env, MEDIATOR_DATA_DIR: server.dataDir },
		encoding: 'utf8'
	});
	const oneTime = /One-time password[^:]*: (\S+)/.exec(out)?.[1];
	expect(oneTime, 'the CLI printed a one-time password').toBeTruthy();
	await replaceOneTimePassword(page, server, mediator.name, oneTime!, mediator.password);

	const response = await page.goto(server.baseURL + '/users');
	expect(response?.status()).toBe(403);
	await expect(page).toHaveURL(/\/users$/);
	await expect(page.getByTestId('error-message')).toHaveText('Your role, Mediator, may not open Users: managing the console users is reserved for Operator.');
	await expect(page.getByText('Something went wrong')).toHaveCount(0);
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Disputes' })).toBeVisible();
	await expect(page.getByTestId('current-user')).toContainText(mediator.name);
	await screenshots(page, 'forbidden');

	// From the console's own links (a client-side navigation), the same explanation.
	await page.goto(server.baseURL + '/disputes');
	await expect(page.getByTestId('live-state')).toContainText('Live');
	// The board refreshes itself as disputes trickle in; a click that landed during a refresh is tried again.
	await expect(async () => {
		await page.evaluate(() => {
			document.querySelector('#audit-link')?.remove();
			const link = document.createElement('a');
			link.href = '/audit';
			link.textContent = 'to the audit';
			link.id = 'audit-link';
			document.querySelector('main')?.prepend(link);
		});
		await page.locator('#audit-link').click();
		await expect(page.getByTestId('error-message')).toHaveText('Your role, Mediator, may not open Audit: reading the audit log is reserved for Operator or Auditor.', { timeout: 3000 });
	}).toPass({ timeout: 20_000 });
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Disputes' })).toBeVisible();

	// In Spanish, with "Solvers" translated in the operator's navigation.
	await page.goto(server.baseURL + '/users');
	await page.getByRole('button', { name: 'Español' }).click();
	await expect(page.getByTestId('error-message')).toHaveText('Su rol, Mediador, no puede abrir Usuarios: gestionar los usuarios de la consola está reservado a Operador.');
});
