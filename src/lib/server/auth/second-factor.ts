// TOTP enrolment and second-factor checks at login (by code or by one-time recovery
// code). The TOTP key is sealed in the vault; the code check is rate limited per user.
// A code's time step is recorded when accepted, and that step or an earlier one is refused
// afterwards, so an observed code cannot be replayed. Every enrolment, success and failure
// is audited.
import type { Db } from '../db/index.ts';
import { appendAudit, recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { Sealer } from '../vault/seal.ts';
import { getUserById, updateUser } from '../users/repository.ts';
import type { Backoff } from './rate-limit.ts';
import { digestRecoveryCode, generateRecoveryCodes, matchTotpStep } from './totp.ts';
import { personActor, type PersonActor } from './actor.ts';

const purpose = (userId: number) => `totp-key:user:${userId}`;

/** Stores the key once the user proved their app produces codes for it; returns recovery codes. */
export async function enrolTotp({ db, sealer }: { db: Db; sealer: Sealer }, actor: PersonActor, _subjectId: null, { key, code }: { key: Uint8Array; code: string }, now = Date.now()): Promise<string[]> {
	const { userId } = actor;
	if (key.length !== 20) throw new Refusal('invalid_input', 'totp.error.key');
	const user = await getUserById(db, userId);
	if (!user) throw new Refusal('not_found', 'users.error.not_found');
	const step = matchTotpStep(key, code, now);
	if (step === null) throw new Refusal('bad_credentials', 'totp.error.code', { field: 'code' });
	const codes = generateRecoveryCodes();
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, userId, { totp_key_sealed: sealer.seal(key, purpose(userId)), totp_last_step: step }, now);
		await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
		await tx
			.insertInto('recovery_codes')
			.values(codes.map((c) => ({ user_id: userId, code_hash: digestRecoveryCode(c), used_at: null })))
			.execute();
		await appendAudit(tx, actor, { action: 'totp.enrolled', subject: `user:${userId}`, at: now });
	});
	return codes;
}

export async function verifySecondFactor(db: Db, sealer: Sealer, limiter: Backoff, userId: number, input: { code?: string; recoveryCode?: string }, now = Date.now()): Promise<void> {
	const user = await getUserById(db, userId);
	if (!user?.totpKeySealed) throw new Refusal('not_found', 'users.error.not_found');
	const key = `user:${userId}`;
	const verdict = await limiter.check(key, now);
	if (!verdict.allowed) {
		throw new Refusal('rate_limited', 'login.error.rate_limited', { params: { seconds: Math.ceil(verdict.retryAfterMs / 1000) } });
	}
	const actor = personActor(user, null);
	let ok = false;
	let method = 'totp';
	if (input.code) {
		const step = matchTotpStep(sealer.open(user.totpKeySealed, purpose(userId)), input.code, now);
		if (step !== null) ok = await acceptTotpStep(db, userId, step);
	} else if (input.recoveryCode) {
		method = 'recovery_code';
		const used = await db.updateTable('recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('code_hash', '=', digestRecoveryCode(input.recoveryCode)).where('used_at', 'is', null).executeTakeFirst();
		ok = Number(used.numUpdatedRows) === 1;
	}
	if (!ok) {
		await limiter.fail(key, now);
		await recordAudit(db, actor, { action: 'login.failed', subject: `user:${userId}`, details: { reason: `bad_${method}` }, at: now });
		throw new Refusal('bad_credentials', 'totp.error.code', { field: 'code' });
	}
	await limiter.succeed(key);
	await recordAudit(db, actor, { action: 'login.succeeded', subject: `user:${userId}`, details: { secondFactor: method }, at: now });
}

/** Records the step unless it (or a later one) was already accepted; atomic, so two
 * concurrent requests with the same code cannot both pass. */
export async function acceptTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
	const result = await db
		.updateTable('users')
		.set({ totp_last_step: step })
		.where('id', '=', userId)
		.where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
