// Once a chat key a party pasted into the dispute chat has been imported (PRODUCT.md
// capability 5), the message no longer carries it: the key text is replaced in the stored
// message by "[chat key, imported by <name>]", so page data, the API and backups never show it
// again (the key itself lives sealed in evidence_keys). Runs inside the import's transaction.
// Must never log the message or the key.
import type { Db, Tx } from '../db/index.ts';

export function redactionLabel(importerName: string): string {
	return `[chat key, imported by ${importerName}]`;
}

/** Replaces every occurrence of the disclosed key in the message with the redaction label. */
export async function redactDisclosedKey(tx: Tx, messageId: number, secret: string, importerName: string): Promise<void> {
	const row = await tx.selectFrom('chat_messages').select('content').where('id', '=', messageId).executeTakeFirstOrThrow();
	const label = redactionLabel(importerName);
	let content = row.content.split(secret).join(label);
	// The same key also pasted without its 0x prefix, or with it.
	const bare = secret.replace(/^0x/i, '');
	content = content.split(bare).join(label);
	await tx.updateTable('chat_messages').set({ content }).where('id', '=', messageId).execute();
}

/** Ids of the dispute's chat messages whose disclosed key was imported. */
export async function importedMessageIds(db: Db, disputeId: string): Promise<Set<number>> {
	const rows = await db.selectFrom('evidence_keys').select('source_message_id').where('dispute_id', '=', disputeId).where('source_message_id', 'is not', null).execute();
	return new Set(rows.map((r) => r.source_message_id as number));
}
