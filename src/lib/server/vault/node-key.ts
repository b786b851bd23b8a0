// The node's own key, needed only to sign `admin-add-solver`. By default the operator pastes
// it for one action and it is wiped from memory afterwards; an operator may choose to keep
// it sealed in the vault (Settings explains the risk). Never returned to a route or logged.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { Sealer } from './seal.ts';
import { getPubkey, parseSecretKey } from '../../protocol/keys.ts';
import type { Actor } from '../auth/actor.ts';

const PURPOSE = 'node-key';

/** Parses a pasted node key and checks it belongs to the followed node. */
export function parseNodeSecret(text: string, nodePubkey: string | null): Uint8Array {
	let secret: Uint8Array;
	try {
		secret = parseSecretKey(text.trim());
	} catch {
		throw new Refusal('invalid_input', 'solvers.error.node_key', { field: 'nodeKey' });
	}
	if (nodePubkey && getPubkey(secret) !== nodePubkey) {
		secret.fill(0);
		throw new Refusal('invalid_input', 'solvers.error.node_key_mismatch', { field: 'nodeKey' });
	}
	return secret;
}

export async function storeNodeKey(db: Db, sealer: Sealer, actor: Actor, secret: Uint8Array, now = Date.now()): Promise<void> {
	const pubkey = getPubkey(secret);
	const sealed = sealer.seal(secret, PURPOSE);
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('node_key')
			.values({ id: 1, pubkey, secret_sealed: sealed, stored_at: now, stored_by: actor.userId })
			.onConflict((oc) => oc.column('id').doUpdateSet({ pubkey, secret_sealed: sealed, stored_at: now, stored_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, { action: 'node_key.stored', subject: 'node-key', details: { pubkey }, at: now });
	});
}

export async function forgetNodeKey({ db }: { db: Db }, actor: Actor, _subjectId: null, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('node_key').execute();
		await appendAudit(tx, actor, { action: 'node_key.forgotten', subject: 'node-key', at: now });
	});
}

export async function hasStoredNodeKey(db: Db): Promise<boolean> {
	return (await db.selectFrom('node_key').select('id').executeTakeFirst()) !== undefined;
}

/** Opens the stored node key for one signature; the caller must wipe it. */
export async function openNodeKey(db: Db, sealer: Sealer): Promise<Uint8Array | null> {
	const row = await db.selectFrom('node_key').select('secret_sealed').executeTakeFirst();
	return row ? sealer.open(row.secret_sealed, PURPOSE) : null;
}
