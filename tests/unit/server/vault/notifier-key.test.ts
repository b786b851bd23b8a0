import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { ensureNotifierKey, getNotifierPubkey, openNotifierKey } from '../../../../src/lib/server/vault/notifier-key.ts';
import { getPubkey, toHex } from '../../../../src/lib/protocol/keys.ts';

describe('notifier key', () => {
	it('is generated once, kept sealed, and opens to the key of its public key', async () => {
		const { db } = openTestDatabase();
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		expect(await getNotifierPubkey(db)).toBeNull();
		const pubkey = await ensureNotifierKey(db, sealer);
		expect(await ensureNotifierKey(db, sealer)).toBe(pubkey);
		const secret = await openNotifierKey(db, sealer);
		expect(getPubkey(secret)).toBe(pubkey);
		const row = await db.selectFrom('notifier_key').selectAll().executeTakeFirstOrThrow();
		expect(row.secret_sealed).not.toContain(toHex(secret));
		await expect(openNotifierKey(db, createSealer(new Uint8Array(randomBytes(32))))).rejects.toThrow();
	});
});
