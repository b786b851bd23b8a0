// Hand-over and notes with an operator and two mediators on a console following the node double
// (issue 17): the operator registers Ana read-only and Ben read-write (so the daemon lets Ben take
// over from Ana, MOSTROD.md §2.2). Ana takes a dispute, writes a private note and hands the case
// to Ben with a note; Ben sees "handed to you" on his board, his shift and the case, and takes
// it; Ana then sees who holds it. Ben's shift lists the handed case before one he only holds.
// Screenshots of the case and My shift at 360 and 1440 px, light and dark, go to
// test-results/handover-notes/. A second test goes the operator route: Ben (read-write) hands a case
// to read-only Ana, whose take the node would refuse; Olga takes it over with the node key for her,
// and Ana's and Ben's open pages follow live.
import { mkdirSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../sim/mostrod/index.ts';
import { testKey } from '../integration/sim/mostrod/client.ts';
import { toHex } from '../../src/lib/protocol/keys.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator, replaceOneTimePassword, signInAs } from './console-steps.ts';

const SHOTS = 'test-results/handover-notes';
const operator = { name: 'olga', password: 'olga runs the team' };
const ana = { name: 'ana', password: 'ana hands the case over' };
const ben = { name: 'ben', password: 'ben takes the case over' };

let relay: RunningRelay;
let lnd: LndDouble;
let node: MostrodDouble;
let server: RunningConsole;

test.beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'handover-notes' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 20, guardianIntervalMs: 0 });
	server = await startConsole({ MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: relay.url, MEDIATOR_REPLY_TIMEOUT_MS: '4000' });
});

test.afterAll(async () => {
	await server?.stop();
	await node?.stop();
	await lnd?.stop();
	await relay?.stop();
});

async function addUser(page: Page, name: string): Promise<string> {
	await page.goto(server.baseURL + '/users');
	await page.locator('#new-name').fill(name);
	await page.locator('#new-role').selectOption('mediator');
	await page.getByRole('button', { name: 'Add user' }).click();
	const text = (await page.getByTestId('one-time-password').textContent()) ?? '';
	const temporary = /: (\S+)\. It must/.exec(text)?.[1] ?? '';
	expect(temporary).not.toBe('');
	return temporary;
}

async function giveAndRegister(page: Page, name: string, permission: 'read' | 'read-write', nodeKey: string) {
	await page.goto(server.baseURL + '/solvers');
	await page.locator('#give-user').selectOption({ label: `${name} (Mediator)` });
	await page.getByRole('button', { name: 'Save the key' }).click();
	await expect(page.getByTestId('roster-row').filter({ hasText: name })).toBeVisible();
	await page.locator('#register-user').selectOption({ label: name });
	await page.locator('#permission').selectOption(permission);
	if (nodeKey) {
		// Pasted once and kept sealed for the next registration.
		await page.locator('#nodeKey').fill(nodeKey);
		await page.locator('[name="keepNodeKey"]').check();
	}
	await page.getByRole('button', { name: 'Send admin-add-solver' }).click();
	await expect(page.getByTestId('roster-row').filter({ hasText: name })).toContainText('acknowledged', { timeout: 15_000 });
}

async function openDispute(label: string): Promise<string> {
	const order = await node.createOrder({ kind: 'sell', buyerPubkey: testKey(`${label}-b`).pk, sellerPubkey: testKey(`${label}-s`).pk, amount: 60_000, fiatCode: 'BRL', fiatAmount: 300 });
	return (await node.openDispute(order.id, 'buyer')).id;
}

async function mediatorPage(browser: Browser, who: { name: string; password: string }, temporary: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await replaceOneTimePassword(page, server, who.name, temporary, who.password);
	return page;
}

async function take(page: Page, disputeId: string, takeover = false) {
	await page.goto(`${server.baseURL}/disputes/${disputeId}`);
	if (takeover) await page.getByTestId('take-panel').getByRole('checkbox').check();
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');
}

async function signedIn(page: Page, who: { name: string; password: string }) {
	await signInAs(page, server, who);
	await expect(page).not.toHaveURL(/\/login/);
}

async function screenshots(page: Page, name: string) {
	for (const width of [360, 1440]) {
		for (const scheme of ['light', 'dark'] as const) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
			await page.emulateMedia({ colorScheme: scheme });
			await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1440, height: 900 });
}

test('Ana writes a note and hands the case to Ben, who takes it; Ana sees who has it; My shift puts the hand-over first', async ({ page, browser }) => {
	test.setTimeout(150_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await createFirstOperator(page, server, operator);
	const anaTemporary = await addUser(page, ana.name);
	const benTemporary = await addUser(page, ben.name);
	await giveAndRegister(page, ana.name, 'read', toHex(node.secretKey));
	await giveAndRegister(page, ben.name, 'read-write', '');

	const handed = await openDispute('handed');
	const bens = await openDispute('bens');
	await expect.poll(async () => (await page.request.get(`${server.baseURL}/disputes/${bens}`)).status(), { timeout: 15_000 }).toBe(200);

	const anaPage = await mediatorPage(browser, ana, anaTemporary);
	await anaPage.setViewportSize({ width: 1440, height: 900 });
	await take(anaPage, handed);
	// A private note: in the rail's notes and the timeline, never in the chat.
	await anaPage.getByTestId('note-body').fill('Buyer says the bank <b>delays</b> PIX on holidays.');
	await anaPage.getByTestId('note-submit').click();
	await expect(anaPage.getByTestId('case-note')).toContainText('Buyer says the bank <b>delays</b> PIX on holidays.');
	await expect(anaPage.getByTestId('timeline')).toContainText('Note by ana');
	// Hand-over: Ben may take over from a read-only holder.
	await anaPage.getByTestId('handover-to').selectOption({ label: 'ben (can take it over)' });
	await expect(anaPage.getByTestId('handover-panel').getByTestId('handover-route')).toHaveText('ben can take it over with their own solver key.');
	await anaPage.getByTestId('handover-note').fill('Waiting for the seller’s bank statement; I am off shift.');
	await anaPage.getByTestId('handover-submit').click();
	await expect(anaPage.getByTestId('handover-open')).toHaveText('You handed this case to ben. It stays yours until they take it.');
	await screenshots(anaPage, 'case-handed-by-holder');

	const benPage = await mediatorPage(browser, ben, benTemporary);
	await benPage.setViewportSize({ width: 1440, height: 900 });
	await take(benPage, bens);
	await benPage.goto(server.baseURL + '/disputes');
	await expect(benPage.locator(`[data-dispute-id="${handed}"] [data-testid="handed-badge"]`)).toHaveText('Handed to you');
	await benPage.goto(server.baseURL + '/shift');
	await expect(benPage.getByTestId('shift-row')).toHaveCount(2);
	await expect(benPage.getByTestId('shift-row').nth(0)).toHaveAttribute('data-dispute-id', handed);
	await expect(benPage.getByTestId('shift-row').nth(0)).toHaveAttribute('data-reason', 'handed');
	await expect(benPage.getByTestId('shift-row').nth(1)).toHaveAttribute('data-dispute-id', bens);
	await expect(benPage.getByTestId('shift-row').nth(1)).toHaveAttribute('data-reason', 'held');
	await screenshots(benPage, 'shift');

	await benPage.goto(`${server.baseURL}/disputes/${handed}`);
	// The in-app notice: who handed it, with the start of the note.
	const notice = benPage.getByTestId('notice').filter({ hasText: `ana handed dispute ${handed.slice(0, 8)} to you.` });
	await expect(notice).toBeVisible();
	await expect(notice.getByTestId('notice-note')).toHaveText('“Waiting for the seller’s bank statement; I am off shift.”');
	await expect(benPage.getByTestId('handed-to-you')).toContainText('Handed to you by ana');
	await expect(benPage.getByTestId('handover-note-shown')).toHaveText('Waiting for the seller’s bank statement; I am off shift.');
	await expect(benPage.getByTestId('case-note')).toContainText('Buyer says the bank <b>delays</b> PIX on holidays.');
	// A note Ana adds now appears on Ben's open page without a reload.
	await anaPage.goto(`${server.baseURL}/disputes/${handed}`);
	await anaPage.getByTestId('note-body').fill('The seller’s bank confirmed the chargeback window is 7 days.');
	await anaPage.getByTestId('note-submit').click();
	await expect(benPage.getByTestId('case-note')).toHaveCount(2);
	await expect(benPage.getByTestId('case-note').nth(1)).toContainText('The seller’s bank confirmed the chargeback window is 7 days.');
	await screenshots(benPage, 'case-handed-to-you');
	await take(benPage, handed, true);
	await expect(benPage.getByTestId('case-holder')).toHaveText('ben');
	await expect(benPage.getByTestId('handed-to-you')).toHaveCount(0);
	await expect(benPage.getByTestId('timeline')).toContainText('ben took the case ana handed over');

	// Ana's open page says who has it now, without a reload.
	await expect(anaPage.getByTestId('handed-on')).toHaveText('You handed this case to ben, who holds it now.');
	await expect(anaPage.getByTestId('case-holder')).toHaveText('ben');
	await screenshots(anaPage, 'case-handed-on');
	await anaPage.goto(server.baseURL + '/shift');
	await expect(anaPage.getByTestId('shift-empty')).toBeVisible();

	// The board's search finds the dispute by the note's words.
	await benPage.goto(`${server.baseURL}/disputes?q=${encodeURIComponent('PIX on holidays')}`);
	await expect(benPage.getByTestId('dispute-row')).toHaveCount(1);
	await expect(benPage.getByTestId('dispute-row')).toHaveAttribute('data-dispute-id', handed);
	await benPage.goto(server.baseURL + '/shift');
	await expect(benPage.getByTestId('shift-row')).toHaveCount(2);
	await expect(benPage.getByTestId('shift-row').nth(0)).toHaveAttribute('data-reason', 'held');
});

test('operator route: Ben hands a case to read-only Ana, Olga takes it over with the node key for her; both open pages follow live', async ({ page, browser }) => {
	test.setTimeout(150_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await signedIn(page, operator);
	const routed = await openDispute('routed');
	await expect.poll(async () => (await page.request.get(`${server.baseURL}/disputes/${routed}`)).status(), { timeout: 15_000 }).toBe(200);

	const benPage = await (await browser.newContext()).newPage();
	await benPage.setViewportSize({ width: 1440, height: 900 });
	await signedIn(benPage, ben);
	await take(benPage, routed);
	// Ana is a read-only solver: the node would refuse her take over Ben, so it is the operator route.
	await benPage.getByTestId('handover-to').selectOption({ label: 'ana (needs an operator)' });
	await expect(benPage.getByTestId('handover-panel').getByTestId('handover-route')).toContainText('The node would refuse a take by ana: ana is a read-only solver');
	await benPage.getByTestId('handover-note').fill('Seller is in Lisbon; answers after 18:00 UTC.');
	await benPage.getByTestId('handover-submit').click();
	await expect(benPage.getByTestId('handover-open')).toHaveText('You handed this case to ana. It stays yours until they take it.');

	const anaPage = await (await browser.newContext()).newPage();
	await anaPage.setViewportSize({ width: 1440, height: 900 });
	await signedIn(anaPage, ana);
	await anaPage.goto(`${server.baseURL}/disputes/${routed}`);
	await expect(anaPage.getByTestId('handed-to-you')).toContainText('Handed to you by ben');
	await expect(anaPage.getByTestId('handover-refusal')).toContainText('ana is a read-only solver');
	await expect(anaPage.getByTestId('operator-takeover')).toHaveCount(0);

	// The operator's shift lists it; the case page offers the node key's takeover.
	await page.goto(server.baseURL + '/shift');
	const row = page.locator(`[data-testid="shift-row"][data-dispute-id="${routed}"]`);
	await expect(row).toHaveAttribute('data-reason', 'operator');
	await screenshots(page, 'shift-operator');
	await page.goto(`${server.baseURL}/disputes/${routed}`);
	await expect(page.getByTestId('operator-takeover')).toContainText('As an operator you can take the case over from ben with the node key, for ana.');
	await screenshots(page, 'case-operator-route');
	await page.getByTestId('operator-takeover-submit').click();
	await expect(page.getByTestId('operator-takeover-outcome')).toHaveText('The node key took the case over; it is handed to the colleague.', { timeout: 15_000 });
	await expect(page.getByTestId('case-holder')).toHaveText('ana');
	await expect(page.getByTestId('held-by-node-key')).toContainText('No solver key may take it from there.');
	expect(node.dispute(routed)?.solverPubkey).toBe(node.pubkey);

	// Ana's and Ben's open pages follow without a reload.
	await expect(anaPage.getByTestId('case-holder')).toHaveText('ana');
	await expect(anaPage.getByTestId('handed-to-you')).toHaveCount(0);
	await expect(anaPage.getByTestId('held-by-node-key')).toContainText('the console signs your chat and your decision on it with the node key');
	// Ana's own key is read-only: the node key would let her decide, the console does not.
	await expect(anaPage.getByTestId('decision-blocked')).toContainText('your own solver key is read-only: the console does not let a read-only mediator settle or cancel');
	await screenshots(anaPage, 'case-node-key-holder');
	await expect(benPage.getByTestId('handed-on')).toHaveText('You handed this case to ana, who holds it now.');
	await expect(benPage.getByTestId('case-holder')).toHaveText('ana');
	// The node refuses every solver key a take from the node key: no take-over is offered.
	await expect(benPage.getByTestId('take-panel')).toContainText('The node’s own key holds this dispute on the node');
	await expect(benPage.getByTestId('take-button')).toHaveCount(0);
	await screenshots(benPage, 'case-operator-handed-on');
	// The hand-over notification is one more choice on the Account page, on by default.
	await anaPage.goto(server.baseURL + '/account');
	await expect(anaPage.getByRole('checkbox', { name: 'A colleague handed a dispute to me' })).toBeChecked();
});
