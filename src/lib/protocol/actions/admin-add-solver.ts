// admin-add-solver (Mostro key only): random UUID `id`, payload text_message
// `npub1…[:read|:read-write|:write]`; the daemon's ack; and the daemon-side parser of the text
// (PROTOCOL.md §4.6, §3.5 note; MOSTROD.md §4.1). Only bech32 npub goes on the wire. Pure.
import { ProtocolError } from '../errors.ts';
import { encodeNpub, parsePubkey } from '../keys.ts';
import { buildMessage, type Message } from '../message.ts';
import { buildRandomUuid, defaultRandom, type RandomSource } from '../random.ts';
import type { CantDoReason } from '../cant-do.ts';

export type SolverPermission = 'read' | 'read-write';

export function buildSolverSpec(solverPubkey: string, permission: SolverPermission | null = null): string {
	const npub = encodeNpub(parsePubkey(solverPubkey));
	return permission ? `${npub}:${permission}` : npub;
}

export function buildAdminAddSolver(i: {
	solverPubkey: string;
	permission?: SolverPermission | null;
	requestId?: number | null;
	random?: RandomSource;
	version?: number;
}): Message {
	return buildMessage({
		variant: 'dispute',
		version: i.version,
		requestId: i.requestId,
		id: buildRandomUuid(i.random ?? defaultRandom),
		action: 'admin-add-solver',
		payload: { text_message: buildSolverSpec(i.solverPubkey, i.permission ?? null) }
	});
}

/** Daemon ack to the sender: no `id`, payload null. */
export function buildAdminAddSolverAck(i: { requestId?: number | null; version?: number }): Message {
	return buildMessage({ variant: 'dispute', version: i.version, requestId: i.requestId, action: 'admin-add-solver' });
}

export type SolverSpecResult =
	| { ok: true; pubkey: string; permission: SolverPermission }
	| { ok: false; reply: CantDoReason | 'silent' };

/** How the daemon reads the text (§4.6): default read-write; `:write` = read-write; bad npub = silent. */
export function parseSolverSpec(text: unknown): SolverSpecResult {
	if (typeof text !== 'string' || text.trim() === '') return { ok: false, reply: 'invalid_text_message' };
	const parts = text.trim().split(':');
	const npub = parts[0] ?? '';
	if (npub === '') return { ok: false, reply: 'invalid_text_message' };
	let permission: SolverPermission = 'read-write';
	if (parts.length > 2) return { ok: false, reply: 'invalid_parameters' };
	if (parts.length === 2) {
		const suffix = parts[1];
		if (suffix === 'read') permission = 'read';
		else if (suffix === 'read-write' || suffix === 'write') permission = 'read-write';
		else return { ok: false, reply: 'invalid_parameters' };
	}
	if (!npub.startsWith('npub1')) return { ok: false, reply: 'silent' };
	try {
		return { ok: true, pubkey: parsePubkey(npub), permission };
	} catch (err) {
		if (err instanceof ProtocolError) return { ok: false, reply: 'silent' };
		throw err;
	}
}
