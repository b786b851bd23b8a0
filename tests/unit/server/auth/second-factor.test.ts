import { generateHOTP } from '@oslojs/otp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { enrolTotp, verifySecondFactor } from '../../../../src/lib/server/auth/second-factor.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { generateTotpKey } from '../../../../src/lib/server/auth/totp.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let userId: number;
const sealer = createSealer(new Uint8Array(32).fill(7));
const t0 = 1_700_000_010_000;
const stepOf = (ms: number) => Math.floor(ms / 30_000);
const codeAt = (key: Uint8Array, ms: number) => generateHOTP(key, BigInt(stepOf(ms)), 6);

beforeEach(async () => {
	database = openTestDatabase();
	userId = await insertUser(database.db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, t0);
});
afterEach(() => database.close());

describe('TOTP replay', () => {
	it('accepts a code once and refuses it (and earlier steps) afterwards', async () => {
		const key = generateTotpKey();
		await enrolTotp({ db: database.db, sealer }, personActor({ id: userId, name: 'alice', role: 'mediator' }), null, { key, code: codeAt(key, t0) }, t0);
		const limiter = new FailureBackoff();
		// The enrolment code cannot be reused to sign in.
		await expect(verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, t0) }, t0 + 1000)).rejects.toMatchObject({ code: 'bad_credentials' });
		const later = t0 + 30_000;
		await verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, later) }, later);
		await expect(verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, later) }, later + 5000)).rejects.toMatchObject({ code: 'bad_credentials' });
		// An earlier step, still inside the drift window, is refused too.
		await expect(verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, t0) }, later + 5000)).rejects.toMatchObject({ code: 'bad_credentials' });
		const row = await database.db.selectFrom('users').select('totp_last_step').where('id', '=', userId).executeTakeFirstOrThrow();
		expect(row.totp_last_step).toBe(stepOf(later));
	});

	it('lets only one of two concurrent uses of the same code through', async () => {
		const key = generateTotpKey();
		await enrolTotp({ db: database.db, sealer }, personActor({ id: userId, name: 'alice', role: 'mediator' }), null, { key, code: codeAt(key, t0) }, t0);
		const at = t0 + 60_000;
		const limiter = new FailureBackoff();
		const results = await Promise.allSettled([verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, at) }, at), verifySecondFactor(database.db, sealer, limiter, userId, { code: codeAt(key, at) }, at)]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
	});
});
