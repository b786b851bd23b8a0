// Whether audit checkpoints are published to the node's relays (issue 14 §1): on unless an
// operator turned it off on the Settings page; the change is audited in the same transaction.
// Never stores anything but the switch.
import type { Db } from '../db/index.ts';
import { appendAudit } from './log.ts';
import type { Actor } from '../auth/actor.ts';

const KEY = 'audit.publish_to_relays';

export async function isCheckpointPublishingOn(db: Db): Promise<boolean> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
	return row?.value !== 'false';
}

export async function setCheckpointPublishing({ db }: { db: Db }, actor: Actor, _subjectId: null, { publish: on }: { publish: boolean }, now = Date.now()): Promise<void> {
	const value = on ? 'true' : 'false';
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('settings')
			.values({ key: KEY, value, updated_at: now, updated_by: actor.userId })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, { action: 'settings.changed', subject: 'settings:audit_publishing', details: { publishToRelays: on }, at: now });
	});
}
