// Deciding in the sandbox started by `npm start`: the operator sets four-eyes for every
// decision and adds a second mediator, takes a dispute and proposes a refund with a reason;
// the second user approves it; the dispute closes as seller-refunded and the escrow (the
// sandbox's LND double, handed over automatically) shows the hold invoice canceled. Then the
// API, with a token made on the account page, sees the same escrow and refuses a second decision.
import { expect, test } from '@playwright/test';
import { createFirstOperator, reloadUntilTakeable, replaceOneTimePassword, seededDisputes } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga decides in the sandbox' };
const second = { name: 'mike', password: 'mike approves the refund' };
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

test('propose a refund, approve it as a second user, see the dispute closed and the escrow canceled', async ({ page, browser }) => {
	test.setTimeout(60_000);
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();

	await createFirstOperator(page, server, operator);

	await page.goto(server.baseURL + '/settings');
	// npm start saves the sandbox's LND double as a settings row (no sandbox branch in production code).
	await expect(page.getByTestId('lnd-source')).toContainText('saved here, sealed');
	await page.getByTestId('lnd-test').click();
	await expect(page.getByTestId('lnd-test-result')).toContainText('lnd-double');
	await page.getByTestId('four-eyes-input').fill('0');
	await page.getByTestId('four-eyes-settings').getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Four-eyes threshold saved.')).toBeVisible();

	await page.goto(server.baseURL + '/users');
	await page.locator('#new-name').fill(second.name);
	await page.locator('#new-role').selectOption('mediator');
	await page.getByRole('button', { name: 'Add user' }).click();
	const oneTime = (await page.getByTestId('one-time-password').textContent()) ?? '';
	const temporary = /: (\S+)\. It must/.exec(oneTime)?.[1] ?? '';
	expect(temporary).not.toBe('');

	// The solver key is registered shortly after setup (sandbox first operator).
	await page.goto(server.baseURL + `/disputes/${open!.disputeId}`);
	await reloadUntilTakeable(page);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');
	await expect(page.getByTestId('escrow-state')).toHaveText('accepted (funds held)');
	await expect(page.getByTestId('escrow-countdown')).toContainText('blocks');

	const panel = page.getByTestId('decision-panel');
	await panel.getByTestId('choose-cancel').check();
	await expect(panel.getByTestId('preview-buyer')).toHaveText('0 sats');
	await panel.getByTestId('decision-reason').selectOption('fiat_not_received');
	await panel.getByTestId('decision-justification').fill('The buyer never sent proof of the fiat payment.');
	await panel.getByTestId('decision-review').click();
	await expect(panel.getByTestId('decision-confirm')).toContainText('Refund the seller on order');
	// Nobody was heard and no evidence imported: the confirmation says so and asks again.
	await expect(panel.getByTestId('decision-warnings')).toContainText('No message was exchanged with either party.');
	await panel.getByTestId('decision-confirm-anyway').click();
	await panel.getByTestId('decision-submit').click();
	await expect(panel.getByTestId('decision-outcome')).toContainText('Proposal recorded');
	await expect(panel.getByTestId('decision-proposal')).toContainText('olga proposes: Refund the seller');

	await page.goto(server.baseURL + '/disputes');
	await expect(page.locator(`[data-dispute-id="${open!.disputeId}"] [data-testid="proposal-badge"]`)).toBeVisible();

	const other = await browser.newContext();
	const mike = await other.newPage();
	await replaceOneTimePassword(mike, server, second.name, temporary, second.password);
	await mike.goto(server.baseURL + `/disputes/${open!.disputeId}`);
	const review = mike.getByTestId('decision-proposal');
	await review.getByTestId('review-comment').fill('Checked the chat: agreed.');
	await review.getByTestId('approve-button').click();
	await expect(mike.getByTestId('decision-outcome')).toHaveText('The node canceled the order: the seller was refunded.');
	await expect(mike.getByTestId('case-status')).toHaveText('Seller refunded');
	await expect(async () => {
		await mike.reload();
		await expect(mike.getByTestId('escrow-state')).toHaveText('canceled', { timeout: 1000 });
	}).toPass({ timeout: 15_000 });
	await expect(mike.getByTestId('decision-blocked')).toHaveText('A decision was already sent for this dispute.');
	await expect(mike.getByTestId('decision-history')).toContainText('canceled by the node, seller refunded');
	await other.close();

	await page.goto(server.baseURL + '/account');
	await page.getByLabel('Name').fill('script');
	await page.getByLabel('Your current password').fill(operator.password);
	await page.getByRole('button', { name: 'Create token' }).click();
	const token = ((await page.getByTestId('new-token').textContent()) ?? '').trim();
	expect(token).toMatch(/^mmt_/);
	const api = await page.request.get(server.baseURL + `/api/v1/disputes/${open!.disputeId}/escrow`, { headers: { authorization: `Bearer ${token}` } });
	expect(api.status()).toBe(200);
	expect(await api.json()).toMatchObject({ verified: true, state: 'canceled' });
	const again = await page.request.post(server.baseURL + `/api/v1/disputes/${open!.disputeId}/decision`, {
		headers: { authorization: `Bearer ${token}` },
		data: { action: 'propose', outcome: 'settle', reasonCode: 'other', justification: 'Trying to decide twice.', confirmOrderId: '00000000-0000-0000-0000-000000000000' }
	});
	expect(again.status()).toBe(409);
	expect((await again.json()).error).toMatchObject({ code: 'conflict', message: 'A decision was already sent for this dispute.' });
	const bad = await page.request.get(server.baseURL + `/api/v1/disputes/${open!.disputeId}/decision`, { headers: { authorization: 'Bearer mmt_nope' } });
	expect(bad.status()).toBe(401);
});
