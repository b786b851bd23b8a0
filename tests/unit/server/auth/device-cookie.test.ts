// Device cookies: a browser that signed in before keeps signing in while guesses from elsewhere
// hold the account's growing delay (issue 14 §2, OWASP device cookies), and only a token sealed
// for that account, recent and untampered, counts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { loginWithPassword } from '../../../../src/lib/server/auth/login.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { DEVICE_COOKIE_MAX_AGE_SECS, issueDeviceToken, readDeviceToken } from '../../../../src/lib/server/auth/device-cookie.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createUser } from '../../../../src/lib/server/users/accounts.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const sealer = createSealer(new Uint8Array(32).fill(7));
const t0 = 1_700_000_000_000;
const PASSWORD = 'alice has a long passphrase';

beforeEach(async () => {
	database = openTestDatabase();
	await createUser(database, systemActor('cli'), null, { name: 'alice', role: 'mediator', password: PASSWORD });
});
afterEach(() => database.close());

describe('device cookie', () => {
	it('reads back only a recent, untampered token for the same account', () => {
		const token = issueDeviceToken(sealer, 'alice', t0);
		const id = readDeviceToken(sealer, token, 'alice', t0 + 1000);
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(readDeviceToken(sealer, token, 'bob', t0)).toBeNull();
		expect(readDeviceToken(sealer, token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'), 'alice', t0)).toBeNull();
		expect(readDeviceToken(createSealer(new Uint8Array(32).fill(8)), token, 'alice', t0)).toBeNull();
		expect(readDeviceToken(sealer, token, 'alice', t0 + DEVICE_COOKIE_MAX_AGE_SECS * 1000 + 1)).toBeNull();
		expect(readDeviceToken(sealer, undefined, 'alice', t0)).toBeNull();
		expect(readDeviceToken(sealer, 'not a token', 'alice', t0)).toBeNull();
	});

	it("lets the owner's known browser sign in while guesses from elsewhere keep the account waiting", async () => {
		const limiters = { byIp: new FailureBackoff({ freeAttempts: 50 }), byAccount: new FailureBackoff({ freeAttempts: 5 }) };
		for (let i = 0; i < 6; i++) {
			await loginWithPassword(database.db, limiters, { name: 'alice', password: `guess ${i}`, ip: `203.0.113.${i}` }, t0).catch(() => undefined);
		}
		// A browser with no device cookie, even with the right password, waits like the guesser.
		await expect(loginWithPassword(database.db, limiters, { name: 'alice', password: PASSWORD, ip: '198.51.100.1' }, t0)).rejects.toMatchObject({ code: 'rate_limited' });
		// The owner's browser, known from an earlier sign-in, is counted apart and gets in.
		const device = readDeviceToken(sealer, issueDeviceToken(sealer, 'alice', t0 - 60_000), 'alice', t0);
		const result = await loginWithPassword(database.db, limiters, { name: 'alice', password: PASSWORD, ip: '198.51.100.1', device }, t0);
		expect(result.user.name).toBe('alice');
		// ...and its success does not clear the guessers' count.
		await expect(loginWithPassword(database.db, limiters, { name: 'alice', password: PASSWORD, ip: '198.51.100.2' }, t0)).rejects.toMatchObject({ code: 'rate_limited' });
	});

	it('a known browser still backs off on its own failures', async () => {
		const limiters = { byIp: new FailureBackoff({ freeAttempts: 50 }), byAccount: new FailureBackoff({ freeAttempts: 3 }) };
		const device = readDeviceToken(sealer, issueDeviceToken(sealer, 'alice', t0), 'alice', t0);
		for (let i = 0; i < 3; i++) {
			await expect(loginWithPassword(database.db, limiters, { name: 'alice', password: 'typo', ip: '198.51.100.1', device }, t0)).rejects.toMatchObject({ code: 'bad_credentials' });
		}
		await expect(loginWithPassword(database.db, limiters, { name: 'alice', password: PASSWORD, ip: '198.51.100.1', device }, t0)).rejects.toMatchObject({ code: 'rate_limited' });
	});
});
