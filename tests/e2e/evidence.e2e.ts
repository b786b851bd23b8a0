// Evidence in the sandbox started by `npm start`, through the browser: the mediator takes the
// scammer's dispute, asks the buyer for the chat key in the dispute chat, imports it with one
// click from the buyer's reply, reads the verified transcript (the screenshot opens, the
// scammer's replay and wrong-`p` message are listed as rejected), exports the bundle and the
// CLI verifies it (and fails on a one-byte change, naming the event). An auditor then opens the
// same transcript read-only: no import, refresh or export controls.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test } from '@playwright/test';
import { createFirstOperator, reloadUntilTakeable, replaceOneTimePassword, seededDisputes } from './console-steps.ts';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';

const operator = { name: 'olga', password: 'olga reads the evidence' };
const auditor = { name: 'ana', password: 'ana audits the evidence' };
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
});
test.afterAll(async () => {
	await server?.stop();
});

function cli(args: string[]): { code: number; out: string } {
	try {
		const out = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', ...args], { env: { ...process.env, LC_ALL: 'C', MEDIATOR_DATA_DIR: server.dataDir }, encoding: 'utf8', timeout: 30_000 });
		return { code: 0, out };
	} catch (err) {
		const e = err as { status?: number; stdout?: string; stderr?: string };
		return { code: e.status ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
	}
}

function auditActions(): Array<{ action: string; actor: string }> {
	const db = new DatabaseSync(join(server.dataDir, 'mediator.sqlite'), { readOnly: true });
	try {
		return db.prepare("SELECT action, actor FROM audit_log WHERE action LIKE 'evidence.%' ORDER BY id").all() as Array<{ action: string; actor: string }>;
	} finally {
		db.close();
	}
}

test('import a disclosed key from the dispute chat, read the verified transcript, export and verify the bundle; an auditor reads it only', async ({ page, browser }, info) => {
	test.setTimeout(90_000);
	const scam = seededDisputes(server).find((d) => d.scenario === 'scammer-seller' && d.outcome === 'open');
	expect(scam, 'the seeded scammer dispute').toBeTruthy();
	const casePath = `/disputes/${scam!.disputeId}`;

	await createFirstOperator(page, server, operator);

	// Before the dispute is taken the trade keys are unknown: nothing to import into.
	await page.goto(server.baseURL + casePath + '/evidence');
	await expect(page.getByTestId('evidence-not-taken')).toBeVisible();

	await page.goto(server.baseURL + casePath);
	await reloadUntilTakeable(page);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');

	const buyer = page.getByTestId('chat-buyer');
	await buyer.getByRole('textbox').fill('Por favor, compárteme la clave del chat de tu conversación con el vendedor.');
	await buyer.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(buyer.getByTestId('import-chat-key').first()).toBeVisible({ timeout: 30_000 });
	await buyer.getByTestId('import-chat-key').first().click();

	await expect(page).toHaveURL(new RegExp(`${casePath}/evidence`));
	await expect(page.getByTestId('evidence-imported')).toContainText('raw ECDH secret');
	await expect(page.getByTestId('evidence-ecdh-warning')).toBeVisible();
	// Redirected after the import (303): the address is not the action's, so a reload does not import again.
	expect(page.url()).not.toContain('?/import');
	await page.reload();
	await expect(page.getByTestId('evidence-imported')).toContainText('raw ECDH secret');
	// Back in the case, the party's message no longer shows the key, and the button says imported.
	await page.goto(server.baseURL + casePath);
	await expect(page.getByTestId('chat-buyer').getByTestId('chat-key-imported')).toBeVisible();
	await expect(page.getByTestId('chat-buyer')).toContainText('[chat key, imported by');
	await page.goto(server.baseURL + casePath + '/evidence');
	await expect(page.getByTestId('evidence-keys')).toContainText('disclosed by the buyer (in the dispute chat)');
	const messages = page.getByTestId('evidence-message');
	await expect(messages).toHaveCount(5);
	await expect(page.getByTestId('evidence-verified')).toHaveCount(5);
	await expect(messages.filter({ has: page.getByText('Seller', { exact: true }) })).not.toHaveCount(0);
	await expect(messages.filter({ has: page.getByText('Buyer', { exact: true }) })).not.toHaveCount(0);
	const rejected = page.getByTestId('evidence-rejected').locator('li');
	await expect(rejected).toHaveCount(2);
	expect((await rejected.evaluateAll((li) => li.map((x) => x.getAttribute('data-reason')))).sort()).toEqual(['bad_p_tag', 'replay']);
	// The raw ECDH secret opens the buyer's screenshot, served by the console's checked viewer.
	const open = page.getByRole('link', { name: /^Open / });
	await expect(open).toHaveCount(1);
	const shot = await page.request.get(server.baseURL + ((await open.getAttribute('href')) ?? ''));
	expect(shot.status()).toBe(200);
	expect(shot.headers()['content-type']).toBe('image/png');

	const download = page.waitForEvent('download');
	await page.getByTestId('evidence-export').getByRole('button', { name: 'Export evidence' }).click();
	const bundlePath = info.outputPath('bundle.json');
	await (await download).saveAs(bundlePath);
	const bundleText = readFileSync(bundlePath, 'utf8');
	expect(bundleText).not.toMatch(/"secret":\s*"[0-9a-f]/);
	const verified = cli(['evidence', 'verify', bundlePath]);
	expect(verified.code, verified.out).toBe(0);

	// One byte of one archived event's signature changed: the CLI fails and names that event.
	const bundle = JSON.parse(bundleText) as { events: Array<{ outer: { id: string; sig: string } }> };
	const target = bundle.events[0]!.outer;
	target.sig = (target.sig[0] === '0' ? '1' : '0') + target.sig.slice(1);
	const tamperedPath = info.outputPath('tampered.json');
	writeFileSync(tamperedPath, JSON.stringify(bundle));
	const failed = cli(['evidence', 'verify', tamperedPath]);
	expect(failed.code).toBe(1);
	expect(failed.out).toContain(target.id.slice(0, 16));

	// An auditor reads the archived transcript and can change nothing.
	const made = cli(['user', 'add', '--name', auditor.name, '--role', 'auditor']);
	const temporary = /One-time password[^:]*: (\S+)/.exec(made.out)?.[1] ?? '';
	expect(temporary, made.out).not.toBe('');
	const other = await browser.newContext();
	const ana = await other.newPage();
	await replaceOneTimePassword(ana, server, auditor.name, temporary, auditor.password);
	await ana.goto(server.baseURL + casePath);
	await ana.getByRole('link', { name: 'Open the evidence' }).click();
	await expect(ana.getByTestId('evidence-message')).toHaveCount(5);
	await expect(ana.getByTestId('evidence-rejected').locator('li')).toHaveCount(2);
	await expect(ana.getByTestId('evidence-import')).toHaveCount(0);
	await expect(ana.getByTestId('evidence-export')).toHaveCount(0);
	await expect(ana.getByRole('button', { name: 'Refresh from relays' })).toHaveCount(0);
	await other.close();

	const actions = auditActions();
	expect(actions).toEqual(
		expect.arrayContaining([
			{ action: 'evidence.key_imported', actor: expect.stringContaining(operator.name) },
			{ action: 'evidence.attachment_viewed', actor: expect.stringContaining(operator.name) },
			{ action: 'evidence.exported', actor: expect.stringContaining(operator.name) },
			{ action: 'evidence.viewed', actor: expect.stringContaining(auditor.name) }
		])
	);
});
