// Password login with back-off per IP and per account. The attempt is counted before the
// (slow) hash and refunded on success, so parallel guesses cannot share one free slot; a
// success forgives its own account's failures but never the IP's (another account's sign-in
// must not reset a guesser's count). Every success and failure is audited (with the name
// tried, never the password); blocked attempts are audited once per account and back-off
// window, with the number suppressed since the previous entry. A browser proven by its device
// cookie (device-cookie.ts) is counted on its own per-account key, so failures from elsewhere
// never lock the owner's known browser out. Returns the user and whether a second factor is
// still required; the caller creates the session and renews the device cookie.
import type { Db } from '../db/index.ts';
import { recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { getUserByName, type UserRow } from '../users/repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Backoff } from './rate-limit.ts';
import { personActor, systemActor } from './actor.ts';

export interface LoginLimiters {
	byIp: Backoff;
	byAccount: Backoff;
}

/** Hash compared against when the name is unknown, so timing does not reveal which names exist. */
let decoyHash: Promise<string> | null = null;
function getDecoyHash(): Promise<string> {
	decoyHash ??= hashPassword('decoy password that never matches');
	return decoyHash;
}

/** Per limiter set: account -> the window already audited and the blocked attempts since. */
const blockedNoted = new WeakMap<LoginLimiters, Map<string, { until: number; suppressed: number }>>();
const MAX_NOTED = 10_000;

/** Whether this blocked attempt gets its own audit entry (the first of its window), and how many were suppressed before it. */
function noteBlocked(limiters: LoginLimiters, account: string, until: number, now: number): { write: boolean; suppressed: number } {
	let noted = blockedNoted.get(limiters);
	if (!noted) blockedNoted.set(limiters, (noted = new Map()));
	const entry = noted.get(account);
	if (entry && entry.until > now) {
		entry.suppressed += 1;
		entry.until = Math.max(entry.until, until);
		return { write: false, suppressed: 0 };
	}
	const suppressed = entry?.suppressed ?? 0;
	noted.delete(account);
	if (noted.size >= MAX_NOTED) {
		for (const [key, value] of noted) if (value.until <= now) noted.delete(key);
		if (noted.size >= MAX_NOTED) noted.clear();
	}
	noted.set(account, { until, suppressed: 0 });
	return { write: true, suppressed };
}

/**
 * Reserves the attempt on both keys (counted as a failure until it succeeds), or returns the
 * wait when either key is blocked — then nothing stays counted. Each reservation is atomic, so
 * parallel guesses (on any replica) cannot share one free slot.
 */
async function reserveAttempt(limiters: LoginLimiters, ip: string, account: string, now: number): Promise<number | null> {
	const byIp = await limiters.byIp.attempt(ip, now);
	if (!byIp.allowed) return byIp.retryAfterMs;
	const byAccount = await limiters.byAccount.attempt(account, now);
	if (byAccount.allowed) return null;
	await limiters.byIp.refund(ip);
	return byAccount.retryAfterMs;
}

export async function loginWithPassword(db: Db, limiters: LoginLimiters, input: { name: string; password: string; ip: string; device?: string | null }, now = Date.now()): Promise<{ user: UserRow; needsSecondFactor: boolean }> {
	const account = input.name.trim().toLowerCase();
	const accountKey = input.device ? `${account}#device:${input.device}` : account;
	const retryAfterMs = await reserveAttempt(limiters, input.ip, accountKey, now);
	if (retryAfterMs !== null) {
		const { write, suppressed } = noteBlocked(limiters, account, now + retryAfterMs, now);
		if (write) {
			await recordAudit(db, systemActor('anonymous'), { action: 'login.blocked', details: { name: input.name.slice(0, 64), ip: input.ip, knownDevice: Boolean(input.device), suppressedBefore: suppressed }, at: now });
		}
		throw new Refusal('rate_limited', 'login.error.rate_limited', { params: { seconds: Math.ceil(retryAfterMs / 1000) } });
	}
	// Reserved above, before the hash: parallel attempts see this one as a failure until it succeeds.
	const user = account ? await getUserByName(db, input.name.trim()) : null;
	const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await getDecoyHash(), input.password);
	if (!user || !passwordOk || user.disabled) {
		const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'disabled';
		await recordAudit(db, user ? personActor(user) : systemActor('anonymous'), {
			action: 'login.failed',
			subject: user ? `user:${user.id}` : null,
			details: { name: input.name.slice(0, 64), ip: input.ip, reason },
			at: now
		});
		throw new Refusal('bad_credentials', 'login.error.credentials');
	}
	await limiters.byIp.refund(input.ip);
	await limiters.byAccount.succeed(accountKey);
	const needsSecondFactor = user.totpKeySealed !== null;
	await recordAudit(db, personActor(user), {
		action: needsSecondFactor ? 'login.password_ok' : 'login.succeeded',
		subject: `user:${user.id}`,
		details: { ip: input.ip },
		at: now
	});
	return { user, needsSecondFactor };
}
