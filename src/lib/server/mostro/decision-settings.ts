// The four-eyes threshold (`four_eyes_sats` in Settings; PRODUCT.md capability 6): empty =
// never, 0 = every decision, N = decisions on orders above N sats need a second user's
// approval. Changing it is audited in the same transaction.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';

const KEY = 'four_eyes_sats';

export async function getFourEyesSats(db: Db): Promise<number | null> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
	if (!row || row.value === '') return null;
	const value = Number(row.value);
	return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Throws Refusal(invalid_input) unless `text` is empty or a whole number of sats. */
export async function setFourEyesSats({ db }: { db: Db }, actor: Actor, _subjectId: null, text: string, now = Date.now()): Promise<number | null> {
	const trimmed = text.trim();
	const value = trimmed === '' ? null : Number(trimmed);
	if (value !== null && (!/^\d{1,15}$/.test(trimmed) || !Number.isSafeInteger(value))) {
		throw new Refusal('invalid_input', 'decision.settings.error', { field: 'fourEyesSats' });
	}
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('settings')
			.values({ key: KEY, value: value === null ? '' : String(value), updated_at: now, updated_by: actor.userId })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: value === null ? '' : String(value), updated_at: now, updated_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, { action: 'settings.changed', subject: 'settings:four_eyes', details: { fourEyesSats: value }, at: now });
	});
	return value;
}
