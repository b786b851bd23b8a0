// The Settings page's LND actions (PRODUCT.md capability 7): save or clear the sealed
// connection, and "test connection" with the submitted fields or, when they are empty, the
// stored ones. Returns only what may be shown: alias, network, block height.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { Refusal } from '../errors.ts';
import { getLndCredentials, parseLndCredentials, saveLndCredentials } from './lnd-settings.ts';
import { testLndConnection } from './escrow.ts';
import type { NodeDescription } from './lnd-client.ts';
import type { Actor } from '../auth/actor.ts';

export interface LndForm {
	socket: string;
	cert: string;
	macaroon: string;
}

interface Ctx {
	db: Db;
	sealer: Sealer;
}

export async function saveLndForm(ctx: Ctx, actor: Actor, _subjectId: null, form: LndForm): Promise<void> {
	await saveLndCredentials(ctx.db, ctx.sealer, actor, parseLndCredentials(form));
}

export async function clearLndForm(ctx: Ctx, actor: Actor, _subjectId: null): Promise<void> {
	await saveLndCredentials(ctx.db, ctx.sealer, actor, null);
}

export async function testLndForm(ctx: Ctx, form: LndForm): Promise<NodeDescription> {
	const empty = form.socket.trim() === '' && form.macaroon.trim() === '';
	const credentials = empty ? await getLndCredentials(ctx.db, ctx.sealer) : parseLndCredentials(form);
	if (!credentials) throw new Refusal('invalid_input', 'lnd.error.none', { field: 'socket' });
	return testLndConnection(credentials);
}
