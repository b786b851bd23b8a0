// The Reports page as an operator uses it, on its own console: seeded disputes give the
// headline numbers, the CSV downloads with aggregates only (no ids or pubkeys) and is
// audited; a mediator is refused the page and the export.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test, type Page } from '@playwright/test';
import { startConsole, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga reads the reports' };
let server: RunningConsole;
const secrets: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	server = await startConsole();
});

test.afterAll(async () => {
	await server?.stop();
});

function openDb(readOnly = false): DatabaseSync {
	return new DatabaseSync(join(server.dataDir, 'mediator.sqlite'), { readOnly });
}

/** Three disputes opened in the last days: one taken after 1 h and settled in the console, one released, one new. */
function seedDisputes(operatorId: number): void {
	const db = openDb();
	try {
		const now = Math.floor(Date.now() / 1000);
		const hex = () => randomBytes(32).toString('hex');
		const insertDispute = db.prepare(
			`INSERT INTO disputes (id, status, initiator, opened_at, first_seen_at, revision_at, revision_event_id, order_id, buyer_pubkey, seller_pubkey, holder_user_id, escrow_deadline, updated_at)
			 VALUES (?, ?, 'buyer', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`
		);
		const insertRevision = db.prepare(`INSERT INTO dispute_revisions (event_id, dispute_id, status, revision_at, kind, raw, relay, received_at) VALUES (?, ?, ?, ?, 38386, '{}', 'ws://relay', 0)`);
		const insertJournal = db.prepare(`INSERT INTO action_journal (request_id, action, dispute_id, actor_user_id, signer_pubkey, state, details, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?)`);
		const dispute = (status: string, opened: number, last: number, holder: number | null, escrow: number | null) => {
			const ids = { id: randomUUID(), order: randomUUID(), buyer: hex(), seller: hex() };
			secrets.push(ids.id, ids.order, ids.buyer, ids.seller);
			insertDispute.run(ids.id, status, opened, opened * 1000, last, hex(), ids.order, ids.buyer, ids.seller, holder, escrow);
			return ids.id;
		};
		const settled = dispute('settled', now - 2 * 86_400, now - 2 * 86_400 + 5 * 3_600, operatorId, now - 2 * 86_400 + 8 * 3_600);
		insertRevision.run(hex(), settled, 'in-progress', now - 2 * 86_400 + 3_600);
		insertRevision.run(hex(), settled, 'settled', now - 2 * 86_400 + 5 * 3_600);
		const signer = hex();
		secrets.push(signer);
		insertJournal.run(1, 'admin-take-dispute', settled, operatorId, signer, '{}', Date.now(), Date.now());
		insertJournal.run(2, 'admin-settle', settled, operatorId, signer, JSON.stringify({ bondResolution: { slash_seller: true, slash_buyer: false } }), Date.now(), Date.now());
		const released = dispute('released', now - 86_400, now - 86_400 + 2 * 3_600, null, null);
		insertRevision.run(hex(), released, 'released', now - 86_400 + 2 * 3_600);
		dispute('initiated', now - 3 * 3_600, now - 3 * 3_600, null, null);
	} finally {
		db.close();
	}
}

async function createOperator(page: Page): Promise<void> {
	await page.goto(server.setupUrl!);
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password', { exact: true }).fill(operator.password);
	await page.getByLabel('Repeat the password').fill(operator.password);
	await page.getByRole('button', { name: 'Create operator' }).click();
	await expect(page).toHaveURL(/\/disputes$/);
}

test('the operator sees the headline numbers and downloads a CSV without ids or pubkeys', async ({ page }) => {
	await createOperator(page);
	const db = openDb(true);
	const { id } = db.prepare('SELECT id FROM users WHERE name = ?').get(operator.name) as { id: number };
	db.close();
	seedDisputes(id);

	await page.goto(server.baseURL + '/reports');
	await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
	await expect(page.getByTestId('report-opened')).toContainText('3');
	await expect(page.getByTestId('report-taken')).toContainText('1');
	await expect(page.getByTestId('report-resolved')).toContainText('2');
	await expect(page.getByTestId('report-open')).toContainText('1');
	await expect(page.getByTestId('report-time-take')).toContainText('Median 1 h 00 min');
	await expect(page.getByTestId('report-escrow')).toContainText('100 %');
	await expect(page.getByTestId('report-mediators')).toContainText('olga');
	await expect(page.getByRole('img', { name: 'Outcomes' })).toBeVisible();
	const html = await page.content();
	for (const secret of secrets) expect(html).not.toContain(secret);

	// Fetched with the page's session, not as a browser download: with a real download here the
	// sandbox e2e that runs next in the same browser lost its client-side navigations.
	const link = page.getByTestId('report-export');
	await expect(link).toHaveAttribute('download', '');
	const response = await page.request.get(new URL((await link.getAttribute('href'))!, server.baseURL).href);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('text/csv');
	expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="mostro-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/);
	const csv = await response.text();
	expect(csv.split('\r\n')[0]).toBe('section,item,metric,value');
	expect(csv).toContain('totals,,opened,3');
	expect(csv).toContain('mediator,olga,settled,1');
	for (const secret of secrets) expect(csv).not.toContain(secret);

	const audit = openDb(true);
	const exported = audit.prepare(`SELECT actor FROM audit_log WHERE action = 'report.exported'`).all() as Array<{ actor: string }>;
	audit.close();
	expect(exported).toEqual([{ actor: operator.name }]);
});

test('a mediator may not open the reports or download the export', async ({ page }) => {
	const out = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', 'mia', '--role', 'mediator'], { env: { ...process.env, LC_ALL: 'C', MEDIATOR_DATA_DIR: server.dataDir }, encoding: 'utf8' });
	const oneTime = /One-time password[^:]*: (\S+)/.exec(out)?.[1] ?? '';
	await page.goto(server.baseURL + '/login');
	await page.getByLabel(/user name/i).fill('mia');
	await page.getByLabel(/^password$/i).fill(oneTime);
	await page.getByRole('button', { name: /sign in/i }).click();
	await expect(page).toHaveURL(/\/account\/password$/);
	await page.getByLabel('Current password').fill(oneTime);
	await page.getByLabel('New password', { exact: true }).fill('mia mediates disputes');
	await page.getByLabel('Repeat the new password').fill('mia mediates disputes');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page).toHaveURL(/\/account$/);

	await expect(page.getByRole('navigation').getByRole('link', { name: 'Reports' })).toHaveCount(0);
	expect((await page.goto(server.baseURL + '/reports'))?.status()).toBe(403);
	expect((await page.request.get(server.baseURL + '/reports/export.csv')).status()).toBe(403);
});
