// The automation API (/api/v1) against the sandbox started by `npm start`: every endpoint
// refuses a request without a token (401) and, for writes, a role that may not (403); one happy
// path each (board, case, chat read and send, evidence import from the key a simulated trader
// discloses, transcript) with the same audit entries as the UI; a disabled user's token stops
// working at once; the per-token rate limit answers 429 with retry-after.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createHash, randomBytes } from 'node:crypto';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { startConsoleViaNpmStart, type RunningConsole } from './server.ts';
import { createFirstOperator, reloadUntilTakeable, seededDisputes } from './console-steps.ts';

const operator = { name: 'otto', password: 'otto automates the console' };
const RATE = 60;
let server: RunningConsole;

test.beforeAll(async () => {
	server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3', MEDIATOR_API_RATE_PER_MINUTE: String(RATE) });
});
test.afterAll(async () => {
	await server?.stop();
});

function withDb<T>(run: (db: DatabaseSync) => T): T {
	const db = new DatabaseSync(join(server.dataDir, 'mediator.sqlite'));
	db.exec('PRAGMA busy_timeout = 5000');
	try {
		return run(db);
	} finally {
		db.close();
	}
}

/** A user made with the CLI, its password change waived, with an API token stored as the account page stores it. */
function userWithToken(name: string, role: 'mediator' | 'auditor'): string {
	execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', name, '--role', role], { env: { ...process.env, MEDIATOR_DATA_DIR: server.dataDir }, encoding: 'utf8' });
	const token = 'mmt_' + randomBytes(24).toString('hex');
	withDb((db) => {
		const user = db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: number };
		db.prepare('UPDATE users SET must_change_password = 0 WHERE id = ?').run(user.id);
		db.prepare('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(user.id, 'e2e', createHash('sha256').update(token).digest('hex'), Date.now());
	});
	return token;
}

const auditActions = (actor: string) => withDb((db) => (db.prepare('SELECT action FROM audit_log WHERE actor = ? ORDER BY id').all(actor) as Array<{ action: string }>).map((r) => r.action));

test('every /api/v1 endpoint: auth, permissions, a happy path, disabled users, rate limit', async ({ page }) => {
	test.setTimeout(90_000);
	const id = seededDisputes(server).find((d) => d.outcome === 'open')!.disputeId;
	expect(id).toBeTruthy();

	await createFirstOperator(page, server, operator);
	await page.goto(server.baseURL + '/account');
	await page.getByLabel('Name').fill('automation');
	await page.getByLabel('Your current password').fill(operator.password);
	await page.getByRole('button', { name: 'Create token' }).click();
	const token = ((await page.getByTestId('new-token').textContent()) ?? '').trim();
	expect(token).toMatch(/^mmt_/);
	const auditor = userWithToken('audrey', 'auditor');
	const mediator = userWithToken('mateo', 'mediator');

	const api: APIRequestContext = page.request;
	const as = (t: string) => ({ authorization: `Bearer ${t}` });
	const url = (path: string) => server.baseURL + '/api/v1/disputes' + path;
	const endpoints: Array<{ method: 'GET' | 'POST'; path: string; data?: Record<string, unknown> }> = [
		{ method: 'GET', path: '' },
		{ method: 'GET', path: `/${id}` },
		{ method: 'GET', path: `/${id}/messages` },
		{ method: 'POST', path: `/${id}/messages`, data: { party: 'buyer', text: 'hello' } },
		{ method: 'GET', path: `/${id}/evidence` },
		{ method: 'POST', path: `/${id}/evidence`, data: { key: 'ab'.repeat(32), disclosedBy: 'buyer', via: 'out_of_band' } },
		{ method: 'GET', path: `/${id}/decision` },
		{ method: 'POST', path: `/${id}/decision`, data: { action: 'approve', decisionId: 1, comment: '' } },
		{ method: 'GET', path: `/${id}/escrow` }
	];
	const call = (e: (typeof endpoints)[number], headers: Record<string, string> = {}) => (e.method === 'GET' ? api.get(url(e.path), { headers }) : api.post(url(e.path), { headers, data: e.data ?? {} }));

	// No token (and no session cookie, unlike page.request): 401 as JSON; an unknown token too.
	const anonymous = await request.newContext();
	for (const e of endpoints) {
		const res = e.method === 'GET' ? await anonymous.get(url(e.path)) : await anonymous.post(url(e.path), { data: e.data ?? {} });
		expect(res.status(), `${e.method} ${e.path} without a token`).toBe(401);
		expect((await res.json()).error.code).toBe('unauthenticated');
	}
	await anonymous.dispose();
	expect((await api.get(url(''), { headers: as('mmt_unknown') })).status()).toBe(401);
	// Writes refuse the auditor's token.
	for (const e of endpoints.filter((x) => x.method === 'POST')) {
		const res = await call(e, as(auditor));
		expect(res.status(), `${e.method} ${e.path} as an auditor`).toBe(403);
		expect((await res.json()).error.code).toBe('forbidden');
	}
	// Reads are open to the auditor; a case that does not exist is 404.
	expect((await call(endpoints[0]!, as(auditor))).status()).toBe(200);
	const missing = await api.get(url('/00000000-0000-0000-0000-000000000000'), { headers: as(auditor) });
	expect(missing.status()).toBe(404);
	expect((await missing.json()).error.code).toBe('not_found');
	expect((await api.get(url('/00000000-0000-0000-0000-000000000000/messages'), { headers: as(auditor) })).status()).toBe(404);
	const invalid = await api.post(url(`/${id}/messages`), { headers: as(token), data: { party: 'judge', text: 'x' } });
	expect(invalid.status()).toBe(400);
	expect((await invalid.json()).error).toMatchObject({ code: 'invalid_input', field: 'party' });

	// Board and case.
	const board = await api.get(url('?bucket=new&sort=oldest'), { headers: as(token) });
	expect(board.status()).toBe(200);
	const boardBody = await board.json();
	expect(boardBody.query).toMatchObject({ bucket: 'new', sort: 'oldest' });
	expect(boardBody.rows.map((r: { id: string }) => r.id)).toContain(id);
	const caseView = await api.get(url(`/${id}`), { headers: as(token) });
	expect(caseView.status()).toBe(200);
	expect((await caseView.json()).dispute).toMatchObject({ id, holderUserId: null });
	// Evidence needs the dispute taken: 409.
	const early = await api.get(url(`/${id}/evidence`), { headers: as(token) });
	expect(early.status()).toBe(409);
	expect((await early.json()).error.code).toBe('conflict');

	// Take the dispute in the console (the solver key is registered shortly after setup).
	await page.goto(server.baseURL + `/disputes/${id}`);
	await reloadUntilTakeable(page);
	await page.getByTestId('take-button').click();
	await expect(page.getByTestId('take-outcome')).toHaveText('You took the dispute.');

	// Only the holder may write to the chat.
	const notHolder = await api.post(url(`/${id}/messages`), { headers: as(mediator), data: { party: 'buyer', text: 'hello' } });
	expect(notHolder.status()).toBe(403);
	expect((await notHolder.json()).error.code).toBe('not_authorized');

	// Ask the buyer for the chat key; the simulated trader discloses it; import it as evidence.
	const sent = await api.post(url(`/${id}/messages`), { headers: as(token), data: { party: 'buyer', text: 'Please share your chat key so I can read the trade chat.' } });
	expect(sent.status()).toBe(201);
	expect((await sent.json()).party).toBe('buyer');
	let key = '';
	await expect(async () => {
		const chat = await (await api.get(url(`/${id}/messages`), { headers: as(token) })).json();
		expect(chat.buyer.messages.some((m: { direction: string }) => m.direction === 'out')).toBe(true);
		key = chat.buyer.messages.map((m: { direction: string; text: string }) => (m.direction === 'in' ? /\b[0-9a-f]{64}\b/.exec(m.text)?.[0] : undefined)).find(Boolean) ?? '';
		expect(key).not.toBe('');
	}).toPass({ timeout: 25_000, intervals: [1500] });
	const imported = await api.post(url(`/${id}/evidence`), { headers: as(token), data: { key, disclosedBy: 'buyer', via: 'dispute_chat' } });
	expect(imported.status(), await imported.text()).toBe(201);
	expect((await imported.json()).accepted).toBeGreaterThan(0);
	const transcript = await api.get(url(`/${id}/evidence`), { headers: as(token) });
	expect(transcript.status()).toBe(200);
	const evidence = await transcript.json();
	expect(evidence.keys).toHaveLength(1);
	expect(evidence.messages.length).toBeGreaterThan(0);
	expect(JSON.stringify(evidence)).not.toContain(key);
	// Auditors read the archived transcript (and only read: their POST is refused above).
	const audited = await api.get(url(`/${id}/evidence`), { headers: as(auditor) });
	expect(audited.status()).toBe(200);
	expect((await audited.json()).messages).toHaveLength(evidence.messages.length);
	expect(auditActions(operator.name)).toEqual(expect.arrayContaining(['chat.message_sent', 'evidence.key_imported', 'evidence.viewed']));

	// A disabled user's token stops working at once.
	expect((await api.get(url(''), { headers: as(mediator) })).status()).toBe(200);
	withDb((db) => db.prepare("UPDATE users SET disabled = 1 WHERE name = 'mateo'").run());
	const disabled = await api.get(url(''), { headers: as(mediator) });
	expect(disabled.status()).toBe(401);
	expect((await disabled.json()).error.code).toBe('invalid_token');

	// The per-token limit: a burst beyond it is answered 429 with retry-after; other tokens are unaffected.
	const burst = await Promise.all(Array.from({ length: RATE + 10 }, () => api.get(url(`/${id}/escrow`), { headers: as(auditor) })));
	const limited = burst.filter((r) => r.status() === 429);
	expect(limited.length).toBeGreaterThan(0);
	expect(Number(limited[0]!.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
	expect((await limited[0]!.json()).error.code).toBe('rate_limited');
	expect((await api.get(url(''), { headers: as(token) })).status()).toBe(200);
});
