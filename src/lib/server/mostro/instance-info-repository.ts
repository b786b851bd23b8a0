// Keeps the node's current instance info (kind 38385): the newest event wins. The parsed
// form is stored as JSON for display and for every outgoing message's transport and PoW.
import type { Db } from '../db/index.ts';
import type { InstanceInfo } from '../../protocol/events/instance-info.ts';

export async function recordInstanceInfo(db: Db, info: InstanceInfo, raw: string, now: number): Promise<boolean> {
	const result = await db
		.insertInto('instance_info')
		.values({ node_pubkey: info.mostroPubkey, event_id: info.eventId, created_at: info.createdAt, info: JSON.stringify(info), raw, received_at: now })
		.onConflict((oc) =>
			oc
				.column('node_pubkey')
				.doUpdateSet((eb) => ({
					event_id: eb.ref('excluded.event_id'),
					created_at: eb.ref('excluded.created_at'),
					info: eb.ref('excluded.info'),
					raw: eb.ref('excluded.raw'),
					received_at: eb.ref('excluded.received_at')
				}))
				.where('instance_info.created_at', '<', info.createdAt)
		)
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function getInstanceInfo(db: Db, nodePubkey: string): Promise<InstanceInfo | null> {
	const row = await db.selectFrom('instance_info').select('info').where('node_pubkey', '=', nodePubkey).executeTakeFirst();
	return row ? (JSON.parse(row.info) as InstanceInfo) : null;
}

/** Whether the node announces maintenance mode (UPSTREAM-0.19.md §7); unknown → false. */
export async function isNodeInMaintenance(db: Db, nodePubkey: string | null): Promise<boolean> {
	if (!nodePubkey) return false;
	return (await getInstanceInfo(db, nodePubkey))?.maintenanceMode === true;
}
