// Changes that could let a stolen session outlive the owner need the password and, when TOTP
// is on, the current code; the password check shares the sign-in back-off.
import { generateHOTP } from '@oslojs/otp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { confirmIdentity } from '../../../../src/lib/server/auth/reauth.ts';
import { enrolTotp } from '../../../../src/lib/server/auth/second-factor.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { generateTotpKey } from '../../../../src/lib/server/auth/totp.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { changeOwnPassword, createUser } from '../../../../src/lib/server/users/accounts.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let userId: number;
const sealer = createSealer(new Uint8Array(32).fill(9));
const PASSWORD = 'a long first passphrase';
const t0 = 1_700_000_010_000;
const codeAt = (key: Uint8Array, ms: number) => generateHOTP(key, BigInt(Math.floor(ms / 30_000)), 6);
const limiters = () => ({ byAccount: new FailureBackoff({ freeAttempts: 3 }), secondFactor: new FailureBackoff({ freeAttempts: 3 }) });

beforeEach(async () => {
	database = openTestDatabase();
	({ id: userId } = await createUser(database, systemActor('cli'), null, { name: 'Alice', role: 'mediator', password: PASSWORD }));
});
afterEach(() => database.close());

describe('confirmIdentity', () => {
	it('needs the password', async () => {
		await expect(confirmIdentity(database.db, sealer, limiters(), userId, { password: 'wrong' }, 'test', t0)).rejects.toMatchObject({ code: 'bad_credentials', field: 'current' });
		await confirmIdentity(database.db, sealer, limiters(), userId, { password: PASSWORD }, 'test', t0);
		const audit = await database.db.selectFrom('audit_log').select('action').where('action', '=', 'reauth.failed').execute();
		expect(audit).toHaveLength(1);
	});

	it('needs the current code once TOTP is on, and refuses a replayed one', async () => {
		const key = generateTotpKey();
		await enrolTotp({ db: database.db, sealer }, personActor({ id: userId, name: 'alice', role: 'mediator' }), null, { key, code: codeAt(key, t0) }, t0);
		const l = limiters();
		await expect(confirmIdentity(database.db, sealer, l, userId, { password: PASSWORD }, 'test', t0)).rejects.toMatchObject({ field: 'currentCode' });
		await expect(confirmIdentity(database.db, sealer, l, userId, { password: PASSWORD, code: codeAt(key, t0) }, 'test', t0 + 1000)).rejects.toMatchObject({ field: 'currentCode' });
		const later = t0 + 30_000;
		await confirmIdentity(database.db, sealer, l, userId, { password: PASSWORD, code: codeAt(key, later) }, 'test', later);
	});

	it('shares the sign-in per-account back-off and counts parallel guesses before hashing', async () => {
		const l = limiters();
		const guesses = await Promise.allSettled(Array.from({ length: 10 }, () => confirmIdentity(database.db, sealer, l, userId, { password: 'wrong' }, 'test', t0)));
		const evaluated = guesses.filter((g) => g.status === 'rejected' && (g.reason as { code?: string }).code === 'bad_credentials');
		expect(evaluated.length).toBeLessThanOrEqual(3);
		// The sign-in limiter is keyed by the lower-cased name: the login form is blocked too.
		expect(l.byAccount.check('alice', t0).allowed).toBe(false);
		await expect(confirmIdentity(database.db, sealer, l, userId, { password: PASSWORD }, 'test', t0)).rejects.toMatchObject({ code: 'rate_limited' });
	});
});

describe('changing one’s own password', () => {
	it('gets the sign-in back-off on the current-password check', async () => {
		const byAccount = new FailureBackoff({ freeAttempts: 3 });
		for (let i = 0; i < 3; i += 1) {
			await expect(changeOwnPassword({ db: database.db, byAccount: byAccount }, personActor({ id: userId, name: 'alice', role: 'mediator' }), null, { current: 'wrong', next: 'another long passphrase' }, t0)).rejects.toMatchObject({
				code: 'bad_credentials'
			});
		}
		await expect(changeOwnPassword({ db: database.db, byAccount: byAccount }, personActor({ id: userId, name: 'alice', role: 'mediator' }), null, { current: PASSWORD, next: 'another long passphrase' }, t0)).rejects.toMatchObject({
			code: 'rate_limited'
		});
	});
});
