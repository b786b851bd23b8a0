// Which Mostro node an operator (or an earlier sandbox start) saved on the Settings page (the
// `mostro.connection` settings row), read before the server starts so `npm start` does not
// start the sandbox over a real node. Opens the database read-only and never creates or
// migrates it. Kept free of the server's module graph (bin/start.mjs loads it before the
// build), hence the file name below repeats runtime.ts's DATABASE_FILE.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parsePubkey } from '../../protocol/keys.ts';

const DATABASE_FILE = 'mediator.sqlite';

/** The saved node's hex pubkey, or null when none (or an unreadable one) is saved. */
export function savedNodePubkey(dataDir: string): string | null {
	const path = join(dataDir, DATABASE_FILE);
	if (!existsSync(path)) return null;
	let db: DatabaseSync | null = null;
	try {
		db = new DatabaseSync(path, { readOnly: true });
		const row = db.prepare("SELECT value FROM settings WHERE key = 'mostro.connection'").get() as { value?: unknown } | undefined;
		if (typeof row?.value !== 'string') return null;
		const parsed: unknown = JSON.parse(row.value);
		const pubkey = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).pubkey : null;
		return parsePubkey(pubkey);
	} catch {
		return null;
	} finally {
		db?.close();
	}
}

export function hasSavedNode(dataDir: string): boolean {
	return savedNodePubkey(dataDir) !== null;
}
