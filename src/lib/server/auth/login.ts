// Password login with back-off per IP and per account. Every success and failure
// is audited (with the name tried, never the password). Returns the user and whether
// a second factor is still required; the caller creates the session.
import type { Db } from '../db/index.ts';
import { recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { getUserByName, type UserRow } from '../users/repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { FailureBackoff } from './rate-limit.ts';

export interface LoginLimiters {
	byIp: FailureBackoff;
	byAccount: FailureBackoff;
}

/** Hash compared against when the name is unknown, so timing does not reveal which names exist. */
let decoyHash: Promise<string> | null = null;
function getDecoyHash(): Promise<string> {
	decoyHash ??= hashPassword('decoy password that never matches');
	return decoyHash;
}

function refuseWhileBlocked(limiters: LoginLimiters, ip: string, account: string, now: number): void {
	for (const verdict of [limiters.byIp.check(ip, now), limiters.byAccount.check(account, now)]) {
		if (!verdict.allowed) {
			throw new Refusal('rate_limited', 'login.error.rate_limited', { params: { seconds: Math.ceil(verdict.retryAfterMs / 1000) } });
		}
	}
}

export async function loginWithPassword(
	db: Db,
	limiters: LoginLimiters,
	input: { name: string; password: string; ip: string },
	now = Date.now()
): Promise<{ user: UserRow; needsSecondFactor: boolean }> {
	const account = input.name.trim().toLowerCase();
	try {
		refuseWhileBlocked(limiters, input.ip, account, now);
	} catch (error) {
		await recordAudit(db, { userId: null, label: 'anonymous' }, { action: 'login.blocked', details: { name: input.name.slice(0, 64), ip: input.ip }, at: now });
		throw error;
	}
	const user = account ? await getUserByName(db, input.name.trim()) : null;
	const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await getDecoyHash(), input.password);
	if (!user || !passwordOk || user.disabled) {
		limiters.byIp.fail(input.ip, now);
		limiters.byAccount.fail(account, now);
		const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'disabled';
		await recordAudit(db, { userId: user?.id ?? null, label: user?.name ?? 'anonymous' }, {
			action: 'login.failed',
			subject: user ? `user:${user.id}` : null,
			details: { name: input.name.slice(0, 64), ip: input.ip, reason },
			at: now
		});
		throw new Refusal('bad_credentials', 'login.error.credentials');
	}
	limiters.byIp.succeed(input.ip);
	limiters.byAccount.succeed(account);
	const needsSecondFactor = user.totpKeySealed !== null;
	await recordAudit(db, { userId: user.id, label: user.name }, {
		action: needsSecondFactor ? 'login.password_ok' : 'login.succeeded',
		subject: `user:${user.id}`,
		details: { ip: input.ip },
		at: now
	});
	return { user, needsSecondFactor };
}
