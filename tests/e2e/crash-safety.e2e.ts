// Crash safety with a real process: the console is killed (SIGKILL) right after writing a
// take's journal row, and again right after publishing one. After each restart the action is
// settled (no answer for the first, acknowledged for the second), the node processed exactly
// one take, and the audit chain verifies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, test, type Page } from '@playwright/test';
import { startRelay, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../sim/mostrod/index.ts';
import { testKey } from '../integration/sim/mostrod/client.ts';
import { startConsole, type RunningConsole } from './server.ts';
import { createFirstOperator, registerFirstOperatorSolver } from './console-steps.ts';

let relay: RunningRelay;
let lnd: LndDouble;
let node: MostrodDouble;
let server: RunningConsole | null = null;
const dataDir = mkdtempSync(join(tmpdir(), 'mm-crash-'));
const operator = { name: 'olga', password: 'olga survives crashes' };

test.describe.configure({ mode: 'serial' });

function env(crash?: string): Record<string, string> {
	return {
		MEDIATOR_DATA_DIR: dataDir,
		MOSTRO_PUBKEY: node.pubkey,
		MOSTRO_RELAYS: relay.url,
		MEDIATOR_REPLY_TIMEOUT_MS: '2000',
		...(crash ? { MEDIATOR_TEST_CRASH_POINT: `${crash}:admin-take-dispute` } : {})
	};
}

function journal(disputeId: string): Array<{ request_id: number; state: string }> {
	const db = new DatabaseSync(join(dataDir, 'mediator.sqlite'), { readOnly: true });
	try {
		return db.prepare('SELECT request_id, state FROM action_journal WHERE dispute_id = ? ORDER BY id').all(disputeId) as Array<{ request_id: number; state: string }>;
	} finally {
		db.close();
	}
}

let disputeId = '';

async function signIn(page: Page) {
	// The page may still hold a request to the killed process (its error page then interrupts any
	// navigation), or its live stream may reload it when the new one answers: try again until the
	// sign-in page itself has loaded.
	await expect(async () => {
		await page.goto('about:blank');
		await page.goto(server!.baseURL + '/login');
	}).toPass({ timeout: 15_000 });
	// Cookies do not depend on the port: a session from before the restart is still valid.
	if (page.url().endsWith('/disputes')) return;
	await page.getByLabel('User name').fill(operator.name);
	await page.getByLabel('Password').fill(operator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/disputes$/);
}

async function clickTake(page: Page, disputeId: string) {
	await page.goto(`${server!.baseURL}/disputes/${disputeId}`);
	await page.getByTestId('take-button').click();
}

async function waitForExit(running: RunningConsole) {
	await expect.poll(() => running.process.exitCode !== null || running.process.signalCode !== null, { timeout: 15_000 }).toBe(true);
}

test.beforeAll(async () => {
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'crash-safety' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 20, guardianIntervalMs: 0 });
});

test.afterAll(async () => {
	await server?.stop();
	await node?.stop();
	await lnd?.stop();
	await relay?.stop();
});

test('killed between the journal write and the publish: nothing reaches the node, the row ends as no answer', async ({ page }) => {
	server = await startConsole(env('after-journal'));
	await createFirstOperator(page, server, operator);
	await registerFirstOperatorSolver(server, node.secretKey);
	await page.goto(server.baseURL + '/solvers');
	await expect(page.getByTestId('roster-row')).toContainText('acknowledged', { timeout: 15_000 });

	const order = await node.createOrder({ kind: 'sell', buyerPubkey: testKey('crash-b').pk, sellerPubkey: testKey('crash-s').pk });
	const dispute = await node.openDispute(order.id, 'buyer');
	disputeId = dispute.id;
	await expect.poll(async () => (await page.request.get(`${server!.baseURL}/disputes/${dispute.id}`)).status(), { timeout: 15_000 }).toBe(200);
	const before = node.intake.length;
	await clickTake(page, dispute.id);
	await waitForExit(server);
	expect(journal(dispute.id)).toEqual([expect.objectContaining({ state: 'sent' })]);

	server = await startConsole(env());
	await expect.poll(() => journal(dispute.id)[0]?.state, { timeout: 15_000 }).toBe('no-answer');
	expect(node.intake.slice(before).filter((entry) => entry.action === 'admin-take-dispute')).toHaveLength(0);
	expect(node.dispute(dispute.id)?.status).toBe('initiated');
	await server.stop();
	server = null;
});

test('killed between the publish and the reply: after the restart the take is settled from the late reply, sent once', async ({ page }) => {
	server = await startConsole(env('after-publish'));
	await signIn(page);
	const before = node.intake.length;
	await clickTake(page, disputeId);
	await waitForExit(server);
	await expect.poll(() => node.dispute(disputeId)?.status, { timeout: 15_000 }).toBe('in-progress');

	server = await startConsole(env());
	await expect.poll(() => journal(disputeId).at(-1)?.state, { timeout: 20_000 }).toMatch(/^(acknowledged|reconciled)$/);
	await signIn(page);
	await page.goto(`${server.baseURL}/disputes/${disputeId}`);
	await expect(page.getByTestId('case-holder')).toHaveText(operator.name);
	expect(node.intake.slice(before).filter((entry) => entry.action === 'admin-take-dispute')).toHaveLength(1);
	const verify = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'audit', 'verify'], { env: { ...process.env, MEDIATOR_DATA_DIR: dataDir }, encoding: 'utf8' });
	expect(verify).toContain('unbroken chain');
});
