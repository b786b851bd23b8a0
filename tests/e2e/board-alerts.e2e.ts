// A party's reply to a dispute the viewer holds, seen from the board of the sandbox started by
// `npm start`: the row gets its badge without a reload and, with alerts switched on, the browser
// shows one system notification that names the dispute and the party but never the message text.
// Notifications are observed by wrapping the browser's own Notification constructor before the
// page's scripts run (headless Chromium shows no notification a test could read).
import { expect, test, type Page } from '@playwright/test';
import { createFirstOperator, reloadUntilTakeable, seededDisputes } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga watches the board' };
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

/** Records every notification the page creates, then lets the real constructor make it. */
async function recordNotifications(page: Page) {
	await page.addInitScript(() => {
		const Real = window.Notification;
		const shown: Array<{ title: string; body: string; tag: string }> = [];
		(window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
		class Recording extends Real {
			constructor(title: string, options?: NotificationOptions) {
				super(title, options);
				shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
			}
		}
		Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
	});
}

const shown = (page: Page) => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body: string; tag: string }> }).shownNotifications);

test('a reply on a held dispute badges its board row and raises one notification without the text', async ({ page, context }) => {
	await context.grantPermissions(['notifications'], { origin: server.baseURL });
	await recordNotifications(page);
	await page.setViewportSize({ width: 1440, height: 900 });
	const open = seededDisputes(server).find((d) => d.outcome === 'open');
	expect(open, 'a seeded open dispute').toBeTruthy();
	const disputeId = open!.disputeId;
	await createFirstOperator(page, server, operator);

	await page.goto(`${server.baseURL}/disputes/${disputeId}`);
	await reloadUntilTakeable(page);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.', { timeout: 15_000 });

	await page.goto(server.baseURL + '/disputes');
	await page.getByRole('button', { name: 'Notify me of new disputes and replies' }).click();
	await expect(page.getByText('Notifications on')).toBeVisible();
	const row = page.locator(`[data-dispute-id="${disputeId}"]`);
	await expect(row).toBeVisible();
	await expect(page.getByTestId('live-state')).toContainText('Live');
	await expect(row.getByTestId('unread-badge')).toHaveCount(0);

	// Write to the seller from the board (the case form's own action); the simulated seller answers.
	const secret = 'Hello seller, what happened with the transfer?';
	const status = await page.evaluate(
		async ({ id, text }) => {
			const body = new FormData();
			body.set('party', 'seller');
			body.set('text', text);
			return (await fetch(`/disputes/${id}?/send`, { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } })).status;
		},
		{ id: disputeId, text: secret }
	);
	expect(status).toBe(200);

	await expect(row.getByTestId('unread-badge')).toBeVisible({ timeout: 30_000 });
	await expect.poll(async () => (await shown(page)).filter((n) => n.tag.startsWith('mostro-reply-')).length, { timeout: 10_000 }).toBeGreaterThan(0);
	const replies = (await shown(page)).filter((n) => n.tag.startsWith('mostro-reply-'));
	expect(replies[0]!.tag).toBe(`mostro-reply-${disputeId}-seller`);
	expect(replies[0]!.body).toContain('seller');
	for (const n of replies) expect(`${n.title} ${n.body}`).not.toContain('transfer');
	// One notification per dispute and party, however many messages the reply had.
	expect(new Set(replies.map((n) => n.tag)).size).toBe(1);
	await page.screenshot({ path: 'test-results/board-alerts/board-reply-badge-1440-light.png' });
});
