// Keeps the node's current instance info (kind 38385): the newest event wins. The parsed
// form is stored as JSON for display and for every outgoing message's transport and PoW; the
// transport is chosen again from the stored tags on every read (UPSTREAM-0.19.md §2.1), so a row
// stored by an older parse follows the same rule.
import type { Db } from '../db/index.ts';
import type { InstanceInfo } from '../../protocol/events/instance-info.ts';
import { chooseTransport, isV019OrNewer } from '../../protocol/transport-choice.ts';

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
	if (!row) return null;
	const info = JSON.parse(row.info) as InstanceInfo;
	const choice = chooseTransport(info);
	const protocolVersion = choice.transport;
	// v1 takes pow_first_contact = pow when the tag is absent; v2 leaves it unknown (PROTOCOL.md §8 #13).
	const powFirstContact = info.rawTags?.pow_first_contact !== undefined ? info.powFirstContact : protocolVersion === 2 ? null : info.pow;
	return { ...info, protocolVersion, transportReason: choice.reason, powFirstContact };
}

/**
 * The node whose instance info arrived last: what a replica that does not lead (its engine is
 * not running, so it follows no node itself) knows of the node the leader follows.
 */
export async function newestNodePubkey(db: Db): Promise<string | null> {
	const row = await db.selectFrom('instance_info').select('node_pubkey').orderBy('received_at', 'desc').limit(1).executeTakeFirst();
	return row?.node_pubkey ?? null;
}

/** Whether the node announces maintenance mode (UPSTREAM-0.19.md §7); unknown → false. */
export async function isNodeInMaintenance(db: Db, nodePubkey: string | null): Promise<boolean> {
	if (!nodePubkey) return false;
	return (await getInstanceInfo(db, nodePubkey))?.maintenanceMode === true;
}

/**
 * Why a request sent over `transport` may have got no answer: 'v1_removed' when it went as a
 * gift wrap (v1) and the node is now known to run 0.19 or newer, which never reads gift wraps
 * (UPSTREAM-0.19.md §2.1); otherwise null.
 */
export async function explainSilence(db: Db, nodePubkey: string | null, transport: 1 | 2): Promise<'v1_removed' | null> {
	if (transport !== 1 || !nodePubkey) return null;
	const info = await getInstanceInfo(db, nodePubkey);
	return info && isV019OrNewer(info.mostroVersion) ? 'v1_removed' : null;
}
