// Fail-over with real processes (issue 20 "Proof"): console replicas (the built server) on one
// real PostgreSQL, following the node double (with the LND double) on the embedded relay.
// (a) The leader is SIGKILLed inside a take, right after publishing it (the node answers only
// after that): the other replica leads within 10 s, matches the node's reply from the journal
// row, the take is applied once and the node received it once. (b) The new leader is SIGKILLed
// between a decision's journal write and its publish: a third replica leads within 10 s, finds
// the event on no relay and sends the decision once, under the same request, and the dispute
// settles. (c) A browser on the surviving replica's board stays live across the first
// fail-over: a dispute ingested afterwards appears without a reload. (d) `mostro-mediator audit
// verify` accepts the chain at the end.
// bin/test-pg.mjs builds the console before the run; without a build this test fails.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { sql } from 'kysely';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import type { ConsoleDatabase } from '../../../../src/lib/server/db/index.ts';
import { SESSION_COOKIE } from '../../../../src/lib/server/auth/sessions.ts';
import { createApiToken } from '../../../../src/lib/server/auth/api-tokens.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';
import { toHex } from '../../../../src/lib/protocol/keys.ts';
import { postFirstOperatorSolverForms } from '../../../e2e/solver-forms.ts';
import { chromiumArgs, chromiumPath } from '../../../chromium.ts';
import { startReplica, type ConsoleReplica, type ReplicaSetting } from '../../../helpers/console-replica.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../../integration/sim/mostrod/client.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const OPERATOR = { name: 'olga', password: 'olga outlives two replicas' };

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

function auditVerify(databaseUrl: string, masterKeyHex: string): Promise<string> {
	return new Promise((resolveVerify, reject) => {
		execFile(
			process.execPath,
			['bin/mostro-mediator.mjs', 'audit', 'verify'],
			{ cwd: ROOT, env: { ...process.env, MEDIATOR_DATABASE_URL: databaseUrl, MEDIATOR_MASTER_KEY: masterKeyHex }, encoding: 'utf8', timeout: 20_000 },
			(error, stdout, stderr) => (error ? reject(new Error(`audit verify failed: ${stdout}${stderr}`)) : resolveVerify(stdout))
		);
	});
}

/** Creates the first operator through the setup link the first replica printed; resolves with its session cookie. */
async function setUpOperator(replica: ConsoleReplica): Promise<string> {
	const token = new URL(replica.setupUrl ?? '').searchParams.get('token') ?? '';
	const setup = await fetch(`${replica.baseURL}/setup`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: replica.baseURL, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token, name: OPERATOR.name, password: OPERATOR.password, confirm: OPERATOR.password })
	});
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	if (!cookie.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`setup failed: ${setup.status}`);
	return cookie.slice(SESSION_COOKIE.length + 1);
}

/** Posts the case page's take form as the signed-in operator; the replica may die while answering. */
async function postTake(replica: ConsoleReplica, session: string, disputeId: string): Promise<void> {
	await fetch(`${replica.baseURL}/disputes/${disputeId}?/take`, {
		method: 'POST',
		headers: { origin: replica.baseURL, cookie: `${SESSION_COOKIE}=${session}`, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({}),
		signal: AbortSignal.timeout(20_000)
	}).catch(() => undefined);
}

describe('fail-over between console processes on one PostgreSQL', () => {
	it('a take and a decision cut by SIGKILL are finished by the next leader, once; the browser stays live; the chain verifies', async () => {
		if (!existsSync(join(ROOT, 'build', 'index.js'))) throw new Error('no build/: run through npm run test:pg, which builds the console first');
		const server = testPostgresUrl();
		if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const relay: RunningRelay = await startRelay();
		cleanups.push(() => relay.stop());
		const lnd: LndDouble = await startLndDouble({ seed: 'fail-over-processes' });
		cleanups.push(() => lnd.stop());
		// The node answers DMs in batches every 1.5 s: a take's answer comes after its sender died.
		const node: MostrodDouble = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 1500, guardianIntervalMs: 0 });
		cleanups.push(() => node.stop());
		const databaseUrl = await createPostgresDatabase(server);
		const masterKeyHex = randomBytes(32).toString('hex');
		const setting = (env: Record<string, string> = {}): ReplicaSetting => ({ databaseUrl, masterKeyHex, nodePubkey: node.pubkey, relays: [relay.url], env: { MEDIATOR_REPLY_TIMEOUT_MS: '3000', ...env } });
		const replica = async (name: string, env?: Record<string, string>) => {
			const started = await startReplica(name, setting(env));
			cleanups.push(() => started.kill());
			return started;
		};

		// A leads and dies right after publishing a take; B dies between a settle's journal write and its publish.
		const a = await replica('a', { MEDIATOR_TEST_CRASH_POINT: 'after-publish:admin-take-dispute' });
		await waitFor(() => a.leads(), 'a leading', 15_000);
		const database: ConsoleDatabase = await openPostgres(databaseUrl, readMigrationSetFromDisk().postgres, { max: 2 });
		cleanups.push(() => database.close());
		const db = database.db;
		const session = await setUpOperator(a);
		expect(await postFirstOperatorSolverForms(db, a.baseURL, toHex(node.secretKey))).toBe('acknowledged');
		const operator = await db.selectFrom('users').select(['id', 'name', 'role']).where('name', '=', OPERATOR.name).executeTakeFirstOrThrow();
		const b = await replica('b', { MEDIATOR_TEST_CRASH_POINT: 'after-journal:admin-settle' });

		// The browser watches B's board (fed by A's intake through LISTEN/NOTIFY while A leads).
		const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
		cleanups.push(() => browser.close());
		const context = await browser.newContext();
		await context.addCookies([{ name: SESSION_COOKIE, value: session, domain: '127.0.0.1', path: '/' }]);
		const page = await context.newPage();
		await page.goto(`${b.baseURL}/disputes`);
		await page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
		await page.evaluate(() => ((window as unknown as { boardMarker: string }).boardMarker = 'never reloaded'));

		const order = await node.createOrder({ kind: 'sell', buyerPubkey: testKey('fop-buyer').pk, sellerPubkey: testKey('fop-seller').pk, amount: 40_000 });
		const dispute = await node.openDispute(order.id, 'buyer');
		await page.locator(`[data-dispute-id="${dispute.id}"]`).waitFor({ timeout: 15_000 });
		const journal = (action: string) => db.selectFrom('action_journal').select(['request_id', 'state']).where('dispute_id', '=', dispute.id).where('action', '=', action).execute();
		const audit = async () => (await db.selectFrom('audit_log').select('action').where('subject', '=', `dispute:${dispute.id}`).orderBy('id').execute()).map((r) => r.action);
		const intake = (action: string) => node.intake.filter((r) => r.action === action).length;

		// (a) The take: A publishes it and dies before reading the node's answer.
		expect([a.leads(), b.leads()]).toEqual([true, false]);
		await postTake(a, session, dispute.id);
		const firstKill = await a.exited();
		expect(a.process.signalCode).toBe('SIGKILL');
		// Unanswered when A died: only the next leader can match the answer.
		expect((await journal('admin-take-dispute')).map((r) => r.state)).toEqual(['sent']);
		await waitFor(() => b.leads(), 'b taking the lead', 10_000, 50);
		expect(Date.now() - firstKill).toBeLessThan(10_000);
		const c = await replica('c');
		await waitFor(async () => (await journal('admin-take-dispute'))[0]?.state === 'acknowledged', 'b matching the take reply from the journal', 20_000, 100);
		expect(await journal('admin-take-dispute')).toHaveLength(1);
		expect(intake('admin-take-dispute')).toBe(1);
		const taken = await db.selectFrom('disputes').select(['holder_user_id', 'status']).where('id', '=', dispute.id).executeTakeFirstOrThrow();
		expect(taken).toEqual({ holder_user_id: operator.id, status: 'in-progress' });
		expect((await audit()).filter((action) => action === 'dispute.taken')).toHaveLength(1);

		// (c) B's board, open since before the fail-over, shows a dispute B now ingests, without a reload.
		const later = await node.openDispute((await node.createOrder({ kind: 'sell', buyerPubkey: testKey('fop-b2').pk, sellerPubkey: testKey('fop-s2').pk })).id, 'seller');
		await page.locator(`[data-dispute-id="${later.id}"]`).waitFor({ timeout: 10_000 });
		expect(await page.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe('never reloaded');
		expect(await page.getByTestId('live-state').textContent()).toContain('Live');

		// (b) The decision: B writes the settle's journal row and dies before publishing it.
		expect([b.leads(), c.leads()]).toEqual([true, false]);
		const { token } = await createApiToken({ db }, personActor({ id: operator.id, name: operator.name, role: 'operator' }), null, { name: 'fail-over' });
		await fetch(`${b.baseURL}/api/v1/disputes/${dispute.id}/decision`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'propose', outcome: 'settle', reasonCode: 'fiat_not_received', justification: 'The bank statement shows the fiat arrived.', confirmOrderId: order.id }),
			signal: AbortSignal.timeout(20_000)
		}).catch(() => undefined);
		const secondKill = await b.exited();
		expect(b.process.signalCode).toBe('SIGKILL');
		expect(await journal('admin-settle')).toEqual([expect.objectContaining({ state: 'sent' })]);
		expect(intake('admin-settle')).toBe(0);
		await waitFor(() => c.leads(), 'c taking the lead', 10_000, 50);
		expect(Date.now() - secondKill).toBeLessThan(10_000);
		// C finds the event on no relay and sends the same request once; the node settles and answers.
		await waitFor(async () => (await journal('admin-settle'))[0]?.state === 'acknowledged', 'c sending the interrupted settle and matching the answer', 40_000, 200);
		await waitFor(async () => (await db.selectFrom('disputes').select('status').where('id', '=', dispute.id).executeTakeFirst())?.status === 'settled', 'the settled dispute', 15_000, 100);
		expect(intake('admin-settle')).toBe(1);
		const settle = await journal('admin-settle');
		expect(settle).toHaveLength(1);
		const decisions = await db.selectFrom('decisions').select(['state', 'request_id']).where('dispute_id', '=', dispute.id).execute();
		expect(decisions).toEqual([{ state: 'executed', request_id: settle[0]!.request_id }]);
		const actions = await audit();
		expect(actions.filter((action) => action === 'admin-settle.sent')).toHaveLength(1);
		expect(actions.filter((action) => action === 'admin-settle.resent')).toHaveLength(1);
		expect(actions.filter((action) => action === 'decision.outcome')).toHaveLength(1);
		expect(intake('admin-take-dispute')).toBe(1);

		// One leader at the end: the lock of this database is held once (pg_locks lists the whole cluster).
		const locks = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`.execute(db);
		expect(Number(locks.rows[0]?.n)).toBe(1);

		// (d) The chain every replica appended to verifies.
		expect(await auditVerify(databaseUrl, masterKeyHex)).toContain('unbroken chain');
	}, 120_000);
});
