// Sign-in back-off: parallel guesses are counted before hashing, another account's success
// does not reset the per-IP count, and blocked attempts are audited once per account and window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { loginWithPassword } from '../../../../src/lib/server/auth/login.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { createUser } from '../../../../src/lib/server/users/accounts.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const cli = systemActor('cli');
const t0 = 1_700_000_000_000;
const limiters = () => ({ byIp: new FailureBackoff({ freeAttempts: 3 }), byAccount: new FailureBackoff({ freeAttempts: 3 }) });
const code = (result: PromiseSettledResult<unknown>) => (result.status === 'rejected' ? (result.reason as { code?: string }).code : 'ok');

beforeEach(async () => {
	database = openTestDatabase();
	await createUser(database, cli, null, { name: 'alice', role: 'mediator', password: 'alice has a long passphrase' });
	await createUser(database, cli, null, { name: 'mallory', role: 'mediator', password: 'mallory has a long passphrase' });
});
afterEach(() => database.close());

describe('login back-off', () => {
	it('evaluates no more parallel guesses than the free attempts', async () => {
		const l = limiters();
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => loginWithPassword(database.db, l, { name: 'alice', password: 'wrong guess', ip: '10.0.0.1' }, t0)));
		expect(results.filter((r) => code(r) === 'bad_credentials').length).toBeLessThanOrEqual(3);
		expect(results.filter((r) => code(r) === 'rate_limited').length).toBeGreaterThanOrEqual(17);
	});

	it('keeps the per-IP count when another account signs in from that IP', async () => {
		const l = limiters();
		for (const name of ['alice', 'bob']) {
			await expect(loginWithPassword(database.db, l, { name, password: 'wrong guess', ip: '10.0.0.2' }, t0)).rejects.toMatchObject({ code: 'bad_credentials' });
		}
		// The guesser's own account signs in successfully from the same address...
		await loginWithPassword(database.db, l, { name: 'mallory', password: 'mallory has a long passphrase', ip: '10.0.0.2' }, t0);
		// ...and the next guess is still the third failure from that IP, which starts the back-off.
		await expect(loginWithPassword(database.db, l, { name: 'carol', password: 'wrong guess', ip: '10.0.0.2' }, t0)).rejects.toMatchObject({ code: 'bad_credentials' });
		await expect(loginWithPassword(database.db, l, { name: 'dave', password: 'wrong guess', ip: '10.0.0.2' }, t0)).rejects.toMatchObject({ code: 'rate_limited' });
	});

	it('does not count a successful sign-in against its IP', async () => {
		const l = limiters();
		for (let i = 0; i < 5; i += 1) await loginWithPassword(database.db, l, { name: 'alice', password: 'alice has a long passphrase', ip: '10.0.0.3' }, t0);
		expect(l.byIp.check('10.0.0.3', t0).allowed).toBe(true);
		expect(l.byIp.size).toBe(0);
	});

	it('writes one login.blocked entry per account and window', async () => {
		const l = limiters();
		for (let i = 0; i < 3; i += 1) await loginWithPassword(database.db, l, { name: 'alice', password: 'wrong guess', ip: '10.0.0.4' }, t0).catch(() => {});
		for (let i = 0; i < 40; i += 1) {
			await expect(loginWithPassword(database.db, l, { name: 'alice', password: 'wrong guess', ip: '10.0.0.4' }, t0 + 10)).rejects.toMatchObject({ code: 'rate_limited' });
		}
		const blocked = await database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'login.blocked').execute();
		expect(blocked).toHaveLength(1);
		// After the window, the next blocked attempt writes one entry that counts the suppressed ones.
		await loginWithPassword(database.db, l, { name: 'alice', password: 'wrong guess', ip: '10.0.0.4' }, t0 + 5_000).catch(() => {});
		await loginWithPassword(database.db, l, { name: 'alice', password: 'wrong guess', ip: '10.0.0.4' }, t0 + 5_001).catch(() => {});
		const again = await database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'login.blocked').orderBy('id').execute();
		expect(again).toHaveLength(2);
		expect(again[1]!.details).toContain('"suppressedBefore":39');
	});
});

describe('FailureBackoff.refund', () => {
	it('undoes one reservation without forgiving the other failures', () => {
		const b = new FailureBackoff({ freeAttempts: 3, baseDelayMs: 1000 });
		b.fail('k', t0);
		b.fail('k', t0);
		b.fail('k', t0); // the reservation: blocked now
		expect(b.check('k', t0).allowed).toBe(false);
		b.refund('k');
		expect(b.check('k', t0).allowed).toBe(true);
		b.fail('k', t0);
		expect(b.check('k', t0).allowed).toBe(false);
	});
});
