// Solver keys (PRODUCT.md capability 8): generated here or imported (nsec or hex), sealed
// in the vault, opened only in server memory to sign. The secret is never returned to a
// route or logged; only the public key (npub) is shown. Creation is audited and announced as
// SolverKeyChanged after it commits (the messenger then listens for the new key's replies).
import { randomBytes } from 'node:crypto';
import type { DomainEventBus } from '../domain-events/bus.ts';
import { inTransaction } from '../domain-events/in-transaction.ts';
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { can, isRole } from '../../access/access-rules.ts';
import type { Sealer } from './seal.ts';
import { encodeNpub, getPubkey, isValidScalar, parseSecretKey } from '../../protocol/keys.ts';
import type { Actor } from '../auth/actor.ts';

export type SolverPermission = 'read' | 'read-write';
export type RegistrationState = 'sent' | 'acknowledged' | 'no-answer';

export interface SolverKeySummary {
	userId: number;
	userName: string;
	userRole: string;
	pubkey: string;
	npub: string;
	origin: string;
	createdAt: number;
	permission: SolverPermission | null;
	registrationState: RegistrationState | null;
	registeredAt: number | null;
	registeredBy: string | null;
}

const purpose = (userId: number) => `solver-key:user:${userId}`;

function generateSecret(): Uint8Array {
	for (;;) {
		const candidate = new Uint8Array(randomBytes(32));
		if (isValidScalar(candidate)) return candidate;
	}
}

/** Gives `userId` a solver key (generated, or the pasted secret imported). */
export async function createSolverKey({ db, sealer, events }: { db: Db; sealer: Sealer; events: DomainEventBus }, actor: Actor, userId: number, source: { generate: true } | { secret: string }): Promise<string> {
	const origin = 'generate' in source ? 'generated' : 'imported';
	const now = Date.now();
	let secret: Uint8Array;
	if ('generate' in source) secret = generateSecret();
	else {
		try {
			secret = parseSecretKey(source.secret.trim());
		} catch {
			throw new Refusal('invalid_input', 'solvers.error.secret', { field: 'secret' });
		}
	}
	try {
		const pubkey = getPubkey(secret);
		const existing = await db
			.selectFrom('solver_keys')
			.select(['user_id', 'pubkey'])
			.where((eb) => eb.or([eb('user_id', '=', userId), eb('pubkey', '=', pubkey)]))
			.executeTakeFirst();
		if (existing) throw new Refusal('conflict', existing.user_id === userId ? 'solvers.error.has_key' : 'solvers.error.key_in_use');
		const user = await db.selectFrom('users').select(['id', 'name', 'role']).where('id', '=', userId).executeTakeFirst();
		if (!user || !isRole(user.role) || !can(user.role, 'mediate')) throw new Refusal('invalid_input', 'solvers.error.user');
		await inTransaction(db, events, async (tx, emit) => {
			emit({ type: 'SolverKeyChanged', userId });
			await tx
				.insertInto('solver_keys')
				.values({ user_id: userId, pubkey, secret_sealed: sealer.seal(secret, purpose(userId)), origin, created_at: now, created_by: actor.userId })
				.execute();
			await appendAudit(tx, actor, { action: `solver_key.${origin === 'imported' ? 'imported' : 'created'}`, subject: `user:${userId}`, details: { user: user.name, npub: encodeNpub(pubkey) }, at: now });
		});
		return pubkey;
	} finally {
		secret.fill(0);
	}
}

/** Opens a user's solver secret for one signing operation; the caller must wipe it (`fill(0)`). */
export async function openSolverSecret(db: Db, sealer: Sealer, userId: number): Promise<{ pubkey: string; secret: Uint8Array } | null> {
	const row = await db.selectFrom('solver_keys').select(['pubkey', 'secret_sealed']).where('user_id', '=', userId).executeTakeFirst();
	if (!row) return null;
	return { pubkey: row.pubkey, secret: sealer.open(row.secret_sealed, purpose(userId)) };
}

export async function getSolverKey(db: Db, userId: number) {
	return (await db.selectFrom('solver_keys').select(['user_id', 'pubkey', 'permission', 'registration_state', 'registered_at']).where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

export async function findSolverByPubkey(db: Db, pubkey: string) {
	return (await db.selectFrom('solver_keys').select(['user_id', 'pubkey', 'permission', 'registration_state']).where('pubkey', '=', pubkey).executeTakeFirst()) ?? null;
}

export async function listSolverPubkeys(db: Db): Promise<string[]> {
	return (await db.selectFrom('solver_keys').select('pubkey').execute()).map((row) => row.pubkey);
}

export async function listSolverRoster(db: Db): Promise<SolverKeySummary[]> {
	const rows = await db
		.selectFrom('solver_keys')
		.innerJoin('users', 'users.id', 'solver_keys.user_id')
		.leftJoin('users as registrar', 'registrar.id', 'solver_keys.registered_by')
		.select([
			'solver_keys.user_id',
			'users.name',
			'users.role',
			'solver_keys.pubkey',
			'solver_keys.origin',
			'solver_keys.created_at',
			'solver_keys.permission',
			'solver_keys.registration_state',
			'solver_keys.registered_at',
			'registrar.name as registrar_name'
		])
		.orderBy('users.name')
		.execute();
	return rows.map((row) => ({
		userId: row.user_id,
		userName: row.name,
		userRole: row.role,
		pubkey: row.pubkey,
		npub: encodeNpub(row.pubkey),
		origin: row.origin,
		createdAt: row.created_at,
		permission: row.permission === 'read' || row.permission === 'read-write' ? row.permission : null,
		registrationState: row.registration_state === 'sent' || row.registration_state === 'acknowledged' || row.registration_state === 'no-answer' ? row.registration_state : null,
		registeredAt: row.registered_at,
		registeredBy: row.registrar_name
	}));
}
