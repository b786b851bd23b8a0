// Which Mostro node the console follows and through which relays: set by an operator on
// the Settings page (stored in the DB) or, until then, by MOSTRO_PUBKEY / MOSTRO_RELAYS.
// Changes are audited in the same transaction.
import type { Db } from '../db/index.ts';
import type { Config } from '../config.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { splitRelayList } from '../relays/relay-url.ts';
import { parsePubkey } from '../../protocol/keys.ts';
import type { Actor } from '../auth/actor.ts';

export interface NodeConnection {
	/** Hex pubkey of the node, or null when none is configured. */
	pubkey: string | null;
	relays: string[];
	/** Also connect to the relays the node lists in its kind 10002 event. */
	useNodeRelayList: boolean;
	source: 'settings' | 'environment' | 'none';
}

const KEY = 'mostro.connection';

export function parseRelayUrls(text: string): string[] {
	const { relays, invalid } = splitRelayList(text);
	if (invalid !== null) throw new Refusal('invalid_input', 'settings.error.relay', { field: 'relays', params: { relay: invalid.slice(0, 100) } });
	return relays;
}

function parseStored(value: string): Omit<NodeConnection, 'source'> | null {
	try {
		const parsed: unknown = JSON.parse(value);
		if (typeof parsed !== 'object' || parsed === null) return null;
		const record = parsed as Record<string, unknown>;
		const pubkey = typeof record.pubkey === 'string' ? parsePubkey(record.pubkey) : null;
		const relays = Array.isArray(record.relays) ? parseRelayUrls(record.relays.filter((r) => typeof r === 'string').join(',')) : [];
		return { pubkey, relays, useNodeRelayList: record.useNodeRelayList === true };
	} catch {
		return null;
	}
}

export async function getNodeConnection(db: Db, config: Pick<Config, 'mostroPubkey' | 'mostroRelays'>): Promise<NodeConnection> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
	const stored = row ? parseStored(row.value) : null;
	if (stored?.pubkey) return { ...stored, source: 'settings' };
	if (config.mostroPubkey) {
		return { pubkey: parsePubkey(config.mostroPubkey), relays: config.mostroRelays, useNodeRelayList: stored?.useNodeRelayList ?? false, source: 'environment' };
	}
	return { pubkey: null, relays: [], useNodeRelayList: false, source: 'none' };
}

export async function saveNodeConnection(db: Db, actor: Actor, input: { pubkey: string; relays: string; useNodeRelayList: boolean }, now = Date.now()): Promise<Omit<NodeConnection, 'source'>> {
	let pubkey: string;
	try {
		pubkey = parsePubkey(input.pubkey.trim());
	} catch {
		throw new Refusal('invalid_input', 'settings.error.pubkey', { field: 'pubkey' });
	}
	const relays = parseRelayUrls(input.relays);
	if (relays.length === 0) throw new Refusal('invalid_input', 'settings.error.no_relays', { field: 'relays' });
	const value = { pubkey, relays, useNodeRelayList: input.useNodeRelayList };
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('settings')
			.values({ key: KEY, value: JSON.stringify(value), updated_at: now, updated_by: actor.userId })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now, updated_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, { action: 'settings.changed', subject: 'settings:node', details: value, at: now });
	});
	return value;
}
