// admin-add-solver (Mostro key only): random UUID `id`, payload text_message
// `npub1…[:read|:read-write|:write]`; the daemon's ack; and the daemon-side parser of the text
// (PROTOCOL.md §4.6, §3.5 note; MOSTROD.md §4.1). Only bech32 npub goes on the wire. Read-write
// is sent as the bare npub (every daemon version reads it so; `npub:read-write` is silently
// dropped before v0.17.4, which had no suffix grammar), read-only as `npub:read`. Pure.
import { ProtocolError } from '../errors.ts';
import { encodeNpub, parsePubkey } from '../keys.ts';
import { buildMessage, type Message } from '../message.ts';
import { buildRandomUuid, defaultRandom, type RandomSource } from '../random.ts';
import type { CantDoReason } from '../cant-do.ts';

export type SolverPermission = 'read' | 'read-write';

/** The text to send: bare npub for read-write (or no permission), `npub:read` for read-only. */
export function buildSolverSpec(solverPubkey: string, permission: SolverPermission | null = null): string {
	const npub = encodeNpub(parsePubkey(solverPubkey));
	return permission === 'read' ? `${npub}:read` : npub;
}

export function buildAdminAddSolver(i: { solverPubkey: string; permission?: SolverPermission | null; requestId?: number | null; random?: RandomSource; version?: number }): Message {
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

export type SolverSpecResult = { ok: true; pubkey: string; permission: SolverPermission } | { ok: false; reply: CantDoReason | 'silent' };

/**
 * How the daemon reads the text (§4.6): default read-write; `:write` = read-write; bad npub =
 * silent. `suffixes: false` is the grammar before v0.17.4: the whole text is the npub, so any
 * suffix makes it an unparsable npub (silent) and every solver is read-write.
 */
export function parseSolverSpec(text: unknown, grammar: { suffixes: boolean } = { suffixes: true }): SolverSpecResult {
	if (typeof text !== 'string' || text.trim() === '') return { ok: false, reply: 'invalid_text_message' };
	if (!grammar.suffixes) return parseNpubOnly(text.trim());
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
	const parsed = parseNpubOnly(npub);
	return parsed.ok ? { ...parsed, permission } : parsed;
}

function parseNpubOnly(npub: string): SolverSpecResult {
	if (!npub.startsWith('npub1')) return { ok: false, reply: 'silent' };
	try {
		return { ok: true, pubkey: parsePubkey(npub), permission: 'read-write' };
	} catch (err) {
		if (err instanceof ProtocolError) return { ok: false, reply: 'silent' };
		throw err;
	}
}
