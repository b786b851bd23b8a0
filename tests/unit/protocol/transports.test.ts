import { describe, expect, it } from 'vitest';
import { buildAdminAddSolver, buildAdminAddSolverAck, parseSolverSpec } from '../../../src/lib/protocol/actions/admin-add-solver.ts';
import { buildAdminCancel, buildAdminCanceledReply } from '../../../src/lib/protocol/actions/admin-cancel.ts';
import { buildAdminSettle, buildAdminSettledReply } from '../../../src/lib/protocol/actions/admin-settle.ts';
import { buildAdminTakeDispute, buildAdminTookDisputeNotice, buildAdminTookDisputeReply, readTookDispute, readTookDisputePeer } from '../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildCantDo, buildDisputeInitiatedNotice, buildOrderNotice, buildPartyRequest, readCantDoReason } from '../../../src/lib/protocol/actions/party.ts';
import { serializeMessage } from '../../../src/lib/protocol/canonical.ts';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import { signEvent } from '../../../src/lib/protocol/event.ts';
import { encodeNpub, getPubkey } from '../../../src/lib/protocol/keys.ts';
import type { Message } from '../../../src/lib/protocol/message.ts';
import { isMessageAcceptable } from '../../../src/lib/protocol/message-parse.ts';
import { encryptNip44, getConversationKey } from '../../../src/lib/protocol/nip44.ts';
import { parseSolverDisputeInfo } from '../../../src/lib/protocol/payload-parse.ts';
import { powOf } from '../../../src/lib/protocol/pow.ts';
import { unwrapV1, wrapV1 } from '../../../src/lib/protocol/transport-v1.ts';
import { unwrapV2, wrapV2 } from '../../../src/lib/protocol/transport-v2.ts';
import messages from '../../vectors/mostro/messages.json';
import { aliceSk, bobSk, DISPUTE_ID, K, mostroSk, ORDER_ID, seededRandom } from './fixtures.ts';

const info = parseSolverDisputeInfo((JSON.parse(messages.examples[4]!.json) as { dispute: { payload: { dispute: [string, unknown] } } }).dispute.payload.dispute[1]);
const solverSk = aliceSk;
const solverPub = K.alice_pubkey;
const NOW = 1_760_000_000;

const builders: [string, Message][] = [
	['admin-take-dispute', buildAdminTakeDispute({ disputeId: DISPUTE_ID, requestId: 42 })],
	['admin-settle', buildAdminSettle({ orderId: ORDER_ID, requestId: 7 })],
	['admin-settle + bonds', buildAdminSettle({ orderId: ORDER_ID, requestId: 7, bondResolution: { slash_seller: false, slash_buyer: true }, variant: 'order' })],
	['admin-cancel', buildAdminCancel({ orderId: ORDER_ID, requestId: 8, bondResolution: { slash_seller: true, slash_buyer: false } })],
	['admin-add-solver', buildAdminAddSolver({ solverPubkey: K.bob_pubkey, permission: 'read', requestId: 99, random: seededRandom(3) })],
	['party dispute', buildPartyRequest({ action: 'dispute', orderId: ORDER_ID, requestId: 5 })],
	['party release', buildPartyRequest({ action: 'release', orderId: ORDER_ID })],
	['party cancel', buildPartyRequest({ action: 'cancel', orderId: ORDER_ID })],
	['party fiat-sent', buildPartyRequest({ action: 'fiat-sent', orderId: ORDER_ID })],
	['admin-took-dispute reply', buildAdminTookDisputeReply({ disputeId: DISPUTE_ID, info, requestId: 42 })],
	['admin-took-dispute notice', buildAdminTookDisputeNotice({ orderId: ORDER_ID, solverPubkey: solverPub, requestId: 42 })],
	['admin-settled', buildAdminSettledReply({ orderId: ORDER_ID, requestId: 7 })],
	['admin-canceled', buildAdminCanceledReply({ orderId: ORDER_ID, requestId: 7 })],
	['cant-do', buildCantDo({ reason: 'not_authorized', requestId: 7, id: ORDER_ID })],
	['dispute-initiated-by-you', buildDisputeInitiatedNotice({ byYou: true, orderId: ORDER_ID, disputeId: DISPUTE_ID })],
	['dispute-initiated-by-peer', buildDisputeInitiatedNotice({ byYou: false, orderId: ORDER_ID, disputeId: DISPUTE_ID })],
	['add-solver ack', buildAdminAddSolverAck({ requestId: 99 })],
	['cooperative-cancel-accepted', buildOrderNotice({ action: 'cooperative-cancel-accepted', orderId: ORDER_ID, requestId: 7 })]
];

describe('builders produce the documented shapes', () => {
	it('match the §4 examples', () => {
		const byName = new Map(messages.examples.map((e) => [e.name, e.json]));
		expect(serializeMessage(builders[0]![1])).toBe(byName.get('4.2 admin-take-dispute'));
		expect(serializeMessage(builders[2]![1])).toBe(byName.get('4.3 admin-settle with bond resolution'));
		expect(serializeMessage(builders[9]![1])).toBe(byName.get('4.2 admin-took-dispute to solver'));
		expect(serializeMessage(builders[11]![1])).toBe(byName.get('4.3 admin-settled'));
		expect(serializeMessage(builders[16]![1])).toBe(byName.get('4.6 admin-add-solver ack'));
		expect(serializeMessage(buildDisputeInitiatedNotice({ byYou: true, orderId: ORDER_ID, disputeId: DISPUTE_ID, requestId: 5 }))).toBe(byName.get('4.1 dispute-initiated-by-you'));
	});
	it('client requests pass the daemon verify() matrix', () => {
		for (const [name, m] of builders.slice(0, 9)) expect(isMessageAcceptable(m.kind), name).toBe(true);
	});
	it('admin-add-solver: random v4 UUID id, npub text, and the daemon-side parser', () => {
		const m = builders[4]![1];
		expect(m.kind.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		const npub = encodeNpub(K.bob_pubkey);
		expect(m.kind.payload).toEqual({ text_message: `${npub}:read` });
		expect(parseSolverSpec(`${npub}:read`)).toEqual({ ok: true, pubkey: K.bob_pubkey, permission: 'read' });
		expect(parseSolverSpec(npub)).toEqual({ ok: true, pubkey: K.bob_pubkey, permission: 'read-write' });
		expect(parseSolverSpec(`${npub}:write`)).toEqual({ ok: true, pubkey: K.bob_pubkey, permission: 'read-write' });
		expect(parseSolverSpec(`${npub}:admin`)).toEqual({ ok: false, reply: 'invalid_parameters' });
		expect(parseSolverSpec(`${npub}:read:x`)).toEqual({ ok: false, reply: 'invalid_parameters' });
		expect(parseSolverSpec('')).toEqual({ ok: false, reply: 'invalid_text_message' });
		expect(parseSolverSpec(K.bob_pubkey)).toEqual({ ok: false, reply: 'silent' });
		expect(() => buildAdminAddSolver({ solverPubkey: 'zz' })).toThrow(ProtocolError);
	});
	it('admin-add-solver: read-write goes as the bare npub (read by every daemon version), read-only as npub:read', () => {
		const npub = encodeNpub(K.bob_pubkey);
		expect(buildAdminAddSolver({ solverPubkey: K.bob_pubkey, permission: 'read-write' }).kind.payload).toEqual({ text_message: npub });
		expect(buildAdminAddSolver({ solverPubkey: K.bob_pubkey }).kind.payload).toEqual({ text_message: npub });
		expect(buildAdminAddSolver({ solverPubkey: K.bob_pubkey, permission: 'read' }).kind.payload).toEqual({ text_message: `${npub}:read` });
		const legacy = { suffixes: false };
		expect(parseSolverSpec(npub, legacy)).toEqual({ ok: true, pubkey: K.bob_pubkey, permission: 'read-write' });
		expect(parseSolverSpec(`${npub}:read-write`, legacy)).toEqual({ ok: false, reply: 'silent' });
		expect(parseSolverSpec(`${npub}:read`, legacy)).toEqual({ ok: false, reply: 'silent' });
		expect(parseSolverSpec('', legacy)).toEqual({ ok: false, reply: 'invalid_text_message' });
	});
	it('readers', () => {
		expect(readTookDispute(builders[9]![1])?.info?.id).toBe(ORDER_ID);
		expect(readTookDisputePeer(builders[10]![1])).toBe(solverPub);
		expect(readCantDoReason(builders[13]![1])).toBe('not_authorized');
		expect(readCantDoReason(buildCantDo({ reason: null }))).toBe('invalid_action');
	});
});

describe('round trips: builder → wrap → unwrap → parse', () => {
	for (const [name, m] of builders) {
		it(`v2: ${name}`, () => {
			const ev = wrapV2(m, { senderSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW, expiration: NOW + 86400 * 30 });
			const env = unwrapV2(JSON.parse(JSON.stringify(ev)), mostroSk, { expectedAuthor: solverPub });
			expect(env.message).toEqual(m);
			expect(env.identity).toBe(solverPub);
			expect(env.tradeSignature).toBeNull();
		});
		it(`v1: ${name}`, () => {
			const ev = wrapV1(m, { tradeSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW });
			expect(NOW - ev.created_at).toBeGreaterThanOrEqual(0);
			expect(NOW - ev.created_at).toBeLessThan(172800);
			const env = unwrapV1(JSON.parse(JSON.stringify(ev)), mostroSk, { requireSameAuthor: true });
			expect(env.message).toEqual(m);
			expect(env.sender).toBe(solverPub);
			expect(env.rumor.created_at).toBe(NOW);
		});
	}
	it('daemon → console replies in both transports (self-addressed too)', () => {
		const reply = builders[9]![1];
		const v2 = wrapV2(reply, { senderSecret: mostroSk, recipientPubkey: solverPub, now: NOW, expiration: NOW + 30 * 86400 });
		expect(unwrapV2(v2, solverSk, { expectedAuthor: K.mostro_pubkey }).message).toEqual(reply);
		const self = wrapV2(reply, { senderSecret: mostroSk, recipientPubkey: K.mostro_pubkey, now: NOW });
		expect(unwrapV2(self, mostroSk, { expectedAuthor: K.mostro_pubkey }).message).toEqual(reply);
		const v1 = wrapV1(reply, { tradeSecret: mostroSk, recipientPubkey: solverPub, now: NOW });
		expect(unwrapV1(v1, solverSk, { expectedSender: K.mostro_pubkey }).message).toEqual(reply);
	});
	it('reputation mode: identity proof (v2) and seal by identity (v1) with signatures', () => {
		const m = builders[0]![1];
		const v2 = unwrapV2(wrapV2(m, { senderSecret: aliceSk, identitySecret: bobSk, recipientPubkey: K.mostro_pubkey, now: NOW }), mostroSk);
		expect(v2.identity).toBe(K.bob_pubkey);
		expect(v2.sender).toBe(K.alice_pubkey);
		expect(v2.tradeSignature).not.toBeNull();
		const v1 = unwrapV1(wrapV1(m, { tradeSecret: aliceSk, identitySecret: bobSk, recipientPubkey: K.mostro_pubkey, now: NOW }), mostroSk);
		expect(v1.identity).toBe(K.bob_pubkey);
		expect(v1.sender).toBe(K.alice_pubkey);
		expect(() => unwrapV1(wrapV1(m, { tradeSecret: aliceSk, identitySecret: bobSk, recipientPubkey: K.mostro_pubkey, now: NOW }), mostroSk, { requireSameAuthor: true })).toThrow(ProtocolError);
	});
	it('mines PoW on the outer event in both transports', () => {
		const m = builders[0]![1];
		const v2 = wrapV2(m, { senderSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW, powBits: 10 });
		expect(powOf(v2)).toBeGreaterThanOrEqual(10);
		expect(v2.created_at).toBe(NOW);
		expect(unwrapV2(v2, mostroSk).message).toEqual(m);
		const v1 = wrapV1(m, { tradeSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW, powBits: 8 });
		expect(powOf(v1)).toBeGreaterThanOrEqual(8);
		expect(unwrapV1(v1, mostroSk).message).toEqual(m);
	});
});

describe('unwrap rejections', () => {
	const m = builders[0]![1];
	const ev = wrapV2(m, { senderSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW, signInner: true });
	const code = (fn: () => unknown) => {
		try {
			fn();
		} catch (e) {
			return (e as ProtocolError).code;
		}
		return 'none';
	};
	it('v2', () => {
		expect(code(() => unwrapV2({ ...ev, sig: ev.sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, mostroSk))).toBe('bad_signature');
		expect(code(() => unwrapV2(ev, bobSk))).toBe('not_addressed');
		expect(code(() => unwrapV2(ev, mostroSk, { expectedAuthor: K.bob_pubkey }))).toBe('wrong_author');
		expect(code(() => unwrapV2({ ...ev, kind: 4 }, mostroSk))).toBe('wrong_kind');
		expect(code(() => unwrapV2('nope', mostroSk))).toBe('invalid_event');
		// a tampered inner signature: re-encrypt a tuple whose sig belongs to another message
		const other = buildAdminTakeDispute({ disputeId: DISPUTE_ID, requestId: 43 });
		const tuple = `[${serializeMessage(m)},${JSON.stringify(wrapV2Sig(other))},null]`;
		const forged = signEvent({ kind: 14, created_at: NOW, tags: [['p', K.mostro_pubkey]], content: encryptNip44(tuple, getConversationKey(solverSk, K.mostro_pubkey)) }, solverSk);
		expect(code(() => unwrapV2(forged, mostroSk))).toBe('bad_signature');
		const garbage = signEvent({ kind: 14, created_at: NOW, tags: [['p', K.mostro_pubkey]], content: encryptNip44('{"x":1}', getConversationKey(solverSk, K.mostro_pubkey)) }, solverSk);
		expect(code(() => unwrapV2(garbage, mostroSk))).toBe('invalid_message');
	});
	it('v1', () => {
		const w = wrapV1(m, { tradeSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW });
		expect(code(() => unwrapV1(w, bobSk))).toBe('not_addressed');
		expect(code(() => unwrapV1({ ...w, content: w.content.slice(0, -4) + 'AAAA' }, mostroSk))).toBe('bad_signature');
		expect(code(() => unwrapV1(w, mostroSk, { expectedSender: K.bob_pubkey }))).toBe('wrong_author');
		expect(getPubkey(mostroSk)).toBe(K.mostro_pubkey);
	});
});

function wrapV2Sig(m: Message): string {
	const ev = wrapV2(m, { senderSecret: solverSk, recipientPubkey: K.mostro_pubkey, now: NOW, signInner: true });
	return unwrapV2(ev, mostroSk).tradeSignature as string;
}
