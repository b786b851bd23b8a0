// The console's notifier key (issue 19): the Nostr key that signs the seals of the direct
// messages it sends its users. Generated once, sealed in the vault like the other keys; only
// its public key leaves this file (Settings shows the npub). Never logged, never returned.
import type { Db } from '../db/index.ts';
import type { Sealer } from './seal.ts';
import { getPubkey } from '../../protocol/keys.ts';
import { generateSecretKey } from 'nostr-tools/pure';

const PURPOSE = 'notifier-key';

/** Creates the key on first use; returns its public key. */
export async function ensureNotifierKey(db: Db, sealer: Sealer, now = Date.now()): Promise<string> {
	const existing = await getNotifierPubkey(db);
	if (existing) return existing;
	const secret = generateSecretKey();
	await db
		.insertInto('notifier_key')
		.values({ id: 1, pubkey: getPubkey(secret), secret_sealed: sealer.seal(secret, PURPOSE), created_at: now })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	secret.fill(0);
	return (await getNotifierPubkey(db)) as string;
}

export async function getNotifierPubkey(db: Db): Promise<string | null> {
	const row = await db.selectFrom('notifier_key').select('pubkey').executeTakeFirst();
	return row?.pubkey ?? null;
}

/** Opens the key for one message; the caller must wipe it. */
export async function openNotifierKey(db: Db, sealer: Sealer): Promise<Uint8Array> {
	await ensureNotifierKey(db, sealer);
	const row = await db.selectFrom('notifier_key').select('secret_sealed').executeTakeFirstOrThrow();
	return sealer.open(row.secret_sealed, PURPOSE);
}
