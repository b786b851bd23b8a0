// Templates in the party's language (issue 17), in the sandbox started by `npm start`: the
// operator edits the Spanish text of "Ask for proof of payment" on Settings -> Templates (a bad
// placeholder is refused beside its field with the typed text kept); a second mediator, given a
// registered solver key, takes a dispute whose traders write Spanish. Before the party writes,
// the composer offers the mediator's own language; once the buyer answers in Spanish it offers
// the operator's Spanish text with the order id, fiat amount and escrow deadline filled in, and
// switching the language to Português or English redoes the text. Screenshots of both views at
// 360 and 1440 px, light and dark.
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, registerSolverFor, replaceOneTimePassword, seededDisputes } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga writes the templates' };
const mediator = { name: 'marta', password: 'marta mediates in spanish' };
const spanishBody = 'Hola de nuevo: envíe el comprobante del pago de {fiat} de la orden {order_id} antes de {deadline}, por favor.';
let server: RunningConsole;
let temporary = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '4' });
});
test.afterAll(async () => {
	await server?.stop();
});

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The seeded open dispute whose buyer writes Spanish. */
function spanishDispute(): string {
	const seeded = seededDisputes(server) as Array<{ disputeId: string; outcome: string; languages?: { buyer: string; seller: string } }>;
	const found = seeded.find((d) => d.outcome === 'open' && d.languages?.buyer === 'es');
	expect(found, 'a seeded open dispute with a Spanish-speaking buyer').toBeTruthy();
	return found!.disputeId;
}

test('the operator edits a template in Spanish: a bad placeholder is refused beside the field, the typed text kept', async ({ page }) => {
	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + '/settings');
	await page.getByTestId('templates-link').click();
	await expect(page).toHaveURL(/\/settings\/templates$/);
	// The list shows each template's name and its languages; opening one shows its form.
	await expect(page.getByTestId('template-item')).toHaveCount(6);
	const item = page.getByTestId('template-item').filter({ has: page.getByRole('heading', { name: 'Ask for proof of payment' }) });
	await expect(item).toContainText('English · Español · Português (Brasil) · Italiano');
	await item.locator('summary').click();
	const proof = item.getByTestId('template-form');
	await expect(proof).toHaveCount(1);
	await expect(proof.getByLabel('Text (Español)')).toHaveValue(/comprobante del pago en fiat de \{fiat\}/);

	await proof.getByLabel('Text (Español)').fill('Envíe el comprobante de {monto}, por favor.');
	await proof.getByRole('button', { name: 'Save template' }).click();
	await expect(proof.getByTestId('field-error')).toHaveText('{monto} is not a placeholder. Use only {order_id}, {amount}, {fiat}, {deadline}.');
	await expect(proof.getByLabel('Text (Español)')).toHaveValue('Envíe el comprobante de {monto}, por favor.');
	await expect(proof.getByLabel('Text (Español)')).toHaveAttribute('aria-invalid', 'true');

	await proof.getByLabel('Text (Español)').fill(spanishBody);
	await proof.getByRole('button', { name: 'Save template' }).click();
	await expect(page.getByText('Template saved.')).toBeVisible();
	await page.reload();
	await item.locator('summary').click();
	await expect(proof.getByLabel('Text (Español)')).toHaveValue(spanishBody);

	// An empty name in every language is refused on the new template's form, the text kept.
	const fresh = page.getByTestId('template-new');
	await fresh.getByLabel('Text (English)').fill('Still there? Order {order_id}.');
	await fresh.getByRole('button', { name: 'Add template' }).click();
	await expect(fresh.getByTestId('field-error')).toHaveText('Give the template a name in at least one language.');
	await expect(fresh.getByLabel('Text (English)')).toHaveValue('Still there? Order {order_id}.');
	await fresh.getByLabel('Name (English)').fill('Still there?');
	await fresh.getByRole('button', { name: 'Add template' }).click();
	await expect(page.getByText('Template added.')).toBeVisible();
	const added = page.getByTestId('template-item').filter({ has: page.getByRole('heading', { name: 'Still there?' }) });
	await expect(added).toContainText('English');
	await added.locator('summary').click();
	await added.getByRole('button', { name: 'Delete template' }).click();
	await expect(page.getByText('Template deleted.')).toBeVisible();
	await expect(page.getByTestId('template-item')).toHaveCount(6);

	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [360, 1440]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await page.goto(server.baseURL + '/settings/templates');
			await item.locator('summary').click();
			await expect(proof).toBeVisible();
			expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `test-results/templates/settings-templates-${width}-${scheme}.png` });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1280, height: 720 });

	await page.goto(server.baseURL + '/users');
	await page.locator('#new-name').fill(mediator.name);
	await page.locator('#new-role').selectOption('mediator');
	await page.getByRole('button', { name: 'Add user' }).click();
	const oneTime = (await page.getByTestId('one-time-password').textContent()) ?? '';
	temporary = /: (\S+)\. It must/.exec(oneTime)?.[1] ?? '';
	expect(temporary).not.toBe('');
	await registerSolverFor(server, mediator.name);
});

test('a mediator gets the Spanish text, filled from the case, once the buyer writes Spanish; switching the language redoes it', async ({ page }) => {
	test.setTimeout(90_000);
	const disputeId = spanishDispute();
	await replaceOneTimePassword(page, server, mediator.name, temporary, mediator.password);
	// Only operators edit templates: a mediator is refused the page and its actions.
	expect((await page.goto(server.baseURL + '/settings/templates'))?.status()).toBe(403);
	const post = await page.request.post(server.baseURL + '/settings/templates?/update', { form: { id: '2', name_en: 'Mine', body_en: 'Mine' }, headers: { origin: server.baseURL } });
	expect(post.status()).toBe(403);
	await page.goto(server.baseURL + `/disputes/${disputeId}`);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');
	await expect(page.getByTestId('case-holder')).toHaveText(mediator.name);

	const buyer = page.getByTestId('chat-buyer');
	const language = buyer.getByTestId('composer-language');
	const text = buyer.getByTestId('composer-text');
	// The buyer has not written yet: the mediator's own language.
	await expect(language).toHaveValue('en');
	await expect(language).toHaveAttribute('data-detected', '');
	await buyer.getByTestId('composer-template').selectOption({ label: 'Introduce yourself' });
	await expect(text).toHaveValue(/^Hello, I am the mediator assigned to the dispute on order [0-9a-f-]{36}\./);
	await buyer.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(buyer.locator('[data-direction="in"]').first()).toBeVisible({ timeout: 20_000 });
	await expect(buyer.locator('[data-direction="in"]').first()).toContainText(/Hola|Gracias/);

	// The buyer wrote Spanish: the composer offers Spanish, the operator's text, filled from the case.
	await expect(language).toHaveAttribute('data-detected', 'es');
	await expect(language).toHaveValue('es');
	await expect(language.locator('option:checked')).toHaveText('Español (detected)');
	const orderId = (await page.locator('dt:has-text("Order") + dd').first().textContent())?.trim() ?? '';
	expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
	const fiat = (await page.getByTestId('header-fiat').textContent())?.trim() ?? '';
	expect(fiat).not.toBe('');
	await buyer.getByTestId('composer-template').selectOption({ label: 'Ask for proof of payment' });
	await expect(text).toHaveValue(new RegExp(`^Hola de nuevo: envíe el comprobante del pago de ${fiat} de la orden ${orderId} antes de \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC, por favor\\.$`));

	// Switching the language redoes the text (the shipped Portuguese and English ones).
	await language.selectOption('pt');
	await expect(text).toHaveValue(`Por favor, envie um comprovante do pagamento em fiat de ${fiat} (uma captura de tela ou recibo que mostre o valor, a data e a referência).`);
	await language.selectOption('en');
	await expect(text).toHaveValue(`Please send proof of the fiat payment of ${fiat} (a screenshot or receipt showing amount, date and reference).`);
	// A text the mediator edited is never replaced by a switch.
	await text.fill('My own words.');
	await language.selectOption('es');
	await expect(text).toHaveValue('My own words.');
	await buyer.getByTestId('composer-template').selectOption({ label: 'Ask for proof of payment' });
	await expect(text).toHaveValue(/^Hola de nuevo: envíe el comprobante/);

	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [360, 1440]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await expect(buyer.getByTestId('composer-language')).toBeVisible();
			expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `test-results/templates/composer-${width}-${scheme}.png` });
		}
	}
});
