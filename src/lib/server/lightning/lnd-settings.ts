// The operator's LND connection for escrow verification (PRODUCT.md capability 7): gRPC
// socket, TLS certificate and macaroon, stored sealed as one settings row (the certificate is
// not secret but is sealed with the rest). Without a saved connection nothing is verified.
// Must never return the macaroon to a caller that renders it, and never log it.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { openText, sealText } from '../vault/seal.ts';
import type { LndCredentials } from './lnd-client.ts';
import type { Actor } from '../auth/actor.ts';

const KEY = 'lnd_connection';
const PURPOSE = 'settings:lnd';

export interface LndSettingsView {
	source: 'settings' | 'none';
	/** Safe to show: host:port only. */
	socket: string | null;
}

export async function getLndCredentials(db: Db, sealer: Sealer): Promise<(LndCredentials & { source: 'settings' }) | null> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
	if (row && row.value !== '') {
		const parsed = JSON.parse(openText(sealer, row.value, PURPOSE)) as LndCredentials;
		return { ...parsed, source: 'settings' };
	}
	return null;
}

export async function lndSettingsView(db: Db, sealer: Sealer): Promise<LndSettingsView> {
	const credentials = await getLndCredentials(db, sealer);
	return { source: credentials?.source ?? 'none', socket: credentials?.socket ?? null };
}

/** Validates untrusted fields; throws Refusal(invalid_input) naming the field. */
export function parseLndCredentials(input: { socket: string; cert: string; macaroon: string }): LndCredentials {
	const socket = input.socket.trim();
	if (!/^[a-zA-Z0-9.-]{1,253}:\d{1,5}$/.test(socket) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(socket)) throw new Refusal('invalid_input', 'lnd.error.socket', { field: 'socket' });
	let cert = input.cert.trim();
	if (cert.startsWith('-----BEGIN')) cert = Buffer.from(cert + '\n').toString('base64');
	if (cert !== '' && !/^[A-Za-z0-9+/=\s]{100,20000}$/.test(cert)) throw new Refusal('invalid_input', 'lnd.error.cert', { field: 'cert' });
	const macaroon = input.macaroon.trim();
	if (!/^[0-9a-fA-F]{40,8000}$/.test(macaroon) && !/^[A-Za-z0-9+/=_-]{40,8000}$/.test(macaroon)) throw new Refusal('invalid_input', 'lnd.error.macaroon', { field: 'macaroon' });
	return { socket, cert: cert.replace(/\s/g, ''), macaroon };
}

export async function saveLndCredentials(db: Db, sealer: Sealer, actor: Actor, credentials: LndCredentials | null, now = Date.now()): Promise<void> {
	const value = credentials ? sealText(sealer, JSON.stringify(credentials), PURPOSE) : '';
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('settings')
			.values({ key: KEY, value, updated_at: now, updated_by: actor.userId })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: actor.userId }))
			.execute();
		await appendAudit(tx, actor, {
			action: credentials ? 'settings.lnd_saved' : 'settings.lnd_cleared',
			subject: 'settings:lnd',
			details: credentials ? { socket: credentials.socket } : {},
			at: now
		});
	});
}
