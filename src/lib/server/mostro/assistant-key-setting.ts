// Which key is the node's assistant solver (UPSTREAM-0.19.md §8): the `serbero` tag of the node's
// 38385 when it has one (v0.19.1+), otherwise the key the operator configured in Settings (older
// nodes, where the assistant was registered by hand with `admin-add-solver <npub>:read`).
// Changing the setting is audited in the same transaction. Must never prefer the setting over
// what the node announces.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { parsePubkey } from '../../protocol/keys.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import type { Actor } from '../auth/actor.ts';

const KEY = 'assistant_pubkey';

export interface AssistantKey {
	pubkey: string | null;
	source: 'node' | 'settings' | null;
}

export async function getConfiguredAssistantKey(db: Db): Promise<string | null> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
	return row && /^[0-9a-f]{64}$/.test(row.value) ? row.value : null;
}

/** Empty clears it; otherwise an npub or 64-hex key. Throws Refusal(invalid_input) on anything else. */
export async function setConfiguredAssistantKey({ db }: { db: Db }, actor: Actor, _subjectId: null, text: string, now = Date.now()): Promise<string | null> {
	const trimmed = text.trim();
	let value: string | null = null;
	if (trimmed !== '') {
		try {
			value = parsePubkey(trimmed);
		} catch {
			throw new Refusal('invalid_input', 'settings.error.pubkey', { field: 'assistantKey' });
		}
	}
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('settings')
			.values({ key: KEY, value: value ?? '', updated_at: now, updated_by: actor.userId })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: value ?? '', updated_at: now, updated_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, { action: 'settings.changed', subject: 'settings:assistant_key', details: { assistantPubkey: value }, at: now });
	});
	return value;
}

/** The assistant key in force for `nodePubkey`: the node's announcement first, then the setting. */
export async function resolveAssistantKey(db: Db, nodePubkey: string | null): Promise<AssistantKey> {
	const announced = nodePubkey ? ((await getInstanceInfo(db, nodePubkey))?.assistantPubkey ?? null) : null;
	if (announced) return { pubkey: announced, source: 'node' };
	const configured = await getConfiguredAssistantKey(db);
	return configured ? { pubkey: configured, source: 'settings' } : { pubkey: null, source: null };
}
