// First-run setup: while no user exists, a one-time link (random token, 1 hour) lets
// one person create the first operator. Only the token's digest is stored.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { assertAcceptablePassword, parseUserName } from '../users/accounts.ts';
import { countUsers, insertUser } from '../users/repository.ts';
import { hashPassword } from './passwords.ts';
import { digestToken, generateToken } from './tokens.ts';
import { personActor } from './actor.ts';

export const SETUP_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** Issues a fresh setup token when there is no user yet (older tokens stop working). */
export async function issueSetupToken(db: Db, now = Date.now()): Promise<string | null> {
	if ((await countUsers(db)) > 0) return null;
	const token = generateToken(24);
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('setup_tokens').execute();
		await tx
			.insertInto('setup_tokens')
			.values({ token_hash: digestToken(token), expires_at: now + SETUP_TOKEN_LIFETIME_MS, used_at: null })
			.execute();
	});
	return token;
}

export async function isSetupTokenValid(db: Db, token: string, now = Date.now()): Promise<boolean> {
	if (!/^[a-z2-7]{20,80}$/.test(token)) return false;
	const row = await db.selectFrom('setup_tokens').selectAll().where('token_hash', '=', digestToken(token)).executeTakeFirst();
	return !!row && row.used_at === null && row.expires_at > now && (await countUsers(db)) === 0;
}

/** Creates the first operator and burns the token, in one transaction with its audit entry. */
export async function completeSetup(db: Db, input: { token: string; name: string; password: string }, now = Date.now()): Promise<{ id: number; name: string }> {
	const name = parseUserName(input.name);
	assertAcceptablePassword(input.password, name);
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (tx) => {
		const burned = await tx.updateTable('setup_tokens').set({ used_at: now }).where('token_hash', '=', digestToken(input.token)).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
		if (Number(burned.numUpdatedRows) !== 1 || (await countUsers(tx)) > 0) {
			throw new Refusal('expired', 'setup.error.expired');
		}
		const id = await insertUser(tx, { name, role: 'operator', passwordHash, mustChangePassword: false }, now);
		await appendAudit(tx, personActor({ id, name, role: 'operator' }), { action: 'setup.completed', subject: `user:${id}`, details: { name, role: 'operator' }, at: now });
		return { id, name };
	});
}
