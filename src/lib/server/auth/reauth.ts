// Confirms the person at a signed-in session is the account owner before a change that
// would let a stolen session outlive the owner (enrolling or replacing the second factor,
// creating API tokens, regenerating recovery codes): the password, plus the current TOTP
// code when one is enrolled. The password check shares the per-account sign-in back-off,
// so it is no cheaper a guessing oracle than the login form; the code check shares the
// second-factor back-off and the replay rule. Failures are audited; never logs secrets.
import type { Db } from '../db/index.ts';
import { recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { Sealer } from '../vault/seal.ts';
import { getUserById } from '../users/repository.ts';
import { verifyPassword } from './passwords.ts';
import type { Backoff } from './rate-limit.ts';
import { acceptTotpStep } from './second-factor.ts';
import { matchTotpStep } from './totp.ts';
import { personActor } from './actor.ts';

export interface ReauthLimiters {
	/** The sign-in per-account limiter (keyed by the lower-cased name). */
	byAccount: Backoff;
	/** The second-factor limiter (keyed `user:<id>`). */
	secondFactor: Backoff;
}

async function refuseWhileBlocked(limiter: Backoff, key: string, now: number, reserve = false): Promise<void> {
	const verdict = reserve ? await limiter.attempt(key, now) : await limiter.check(key, now);
	if (!verdict.allowed) throw new Refusal('rate_limited', 'login.error.rate_limited', { params: { seconds: Math.ceil(verdict.retryAfterMs / 1000) } });
}

/** Throws a Refusal unless the password (and the current code, when TOTP is on) is right. */
export async function confirmIdentity(db: Db, sealer: Sealer, limiters: ReauthLimiters, userId: number, input: { password: string; code?: string }, purpose: string, now = Date.now()): Promise<void> {
	const user = await getUserById(db, userId);
	if (!user || user.disabled) throw new Refusal('not_found', 'users.error.not_found');
	const actor = personActor(user);
	const accountKey = user.name.trim().toLowerCase();
	// Counted before the (slow) hash, atomically with the check, so parallel guesses cannot all slip through one free slot.
	await refuseWhileBlocked(limiters.byAccount, accountKey, now, true);
	if (!(await verifyPassword(user.passwordHash, input.password))) {
		await recordAudit(db, actor, { action: 'reauth.failed', subject: `user:${userId}`, details: { purpose, reason: 'wrong_password' }, at: now });
		throw new Refusal('bad_credentials', 'password.error.current_wrong', { field: 'current' });
	}
	await limiters.byAccount.succeed(accountKey);
	if (user.totpKeySealed === null) return;
	const factorKey = `user:${userId}`;
	await refuseWhileBlocked(limiters.secondFactor, factorKey, now);
	const step = input.code ? matchTotpStep(sealer.open(user.totpKeySealed, `totp-key:user:${userId}`), input.code, now) : null;
	if (step === null || !(await acceptTotpStep(db, userId, step))) {
		await limiters.secondFactor.fail(factorKey, now);
		await recordAudit(db, actor, { action: 'reauth.failed', subject: `user:${userId}`, details: { purpose, reason: 'bad_totp' }, at: now });
		throw new Refusal('bad_credentials', 'totp.error.code', { field: 'currentCode' });
	}
	await limiters.secondFactor.succeed(factorKey);
}
