// Intake gate of the double (MOSTROD.md §7.1, §9.5 envelope failures, §0.2 re-serialisation):
// every failure is silent; the intake log names the reason. Runs on both transports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEvent } from '../../../../src/lib/protocol/event.ts';
import { buildMessage } from '../../../../src/lib/protocol/message.ts';
import { signText } from '../../../../src/lib/protocol/message-signature.ts';
import { encryptNip44, getConversationKey } from '../../../../src/lib/protocol/nip44.ts';
import { powOf } from '../../../../src/lib/protocol/pow.ts';
import { testKey, type Key } from './client.ts';
import { MODES, startInfra, startNode, type Infra, type Node } from './harness.ts';

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

/** admin-add-solver without payload: any sender gets cant-do invalid_text_message (§4.1 step 1). */
const probe = (requestId: number) => buildMessage({ variant: 'dispute', requestId, id: '8397bc78-7c98-4b4f-bb49-40c7101391b0', action: 'admin-add-solver' });

const now = () => Math.floor(Date.now() / 1000);

describe.each([MODES[0]!, MODES[1]!])('intake gate ($name)', (mode) => {
	let node: Node;
	const alice = testKey(`gate-alice-${mode.name}`);
	const bob = testKey(`gate-bob-${mode.name}`);
	beforeAll(async () => {
		node = await startNode(infra, mode, { pow: 4 });
	});
	afterAll(() => node.stop());

	it('answers a well-formed request meeting the PoW (baseline)', async () => {
		const r = await node.client.request(probe(1), alice, { pow: 4 });
		expect(r.message.kind.action).toBe('cant-do');
		expect(r.message.kind.payload).toEqual({ cant_do: 'invalid_text_message' });
		expect(r.message.kind.version).toBe(mode.protocolVersion);
	});

	it('drops an event below the base PoW', async () => {
		let e = node.client.build(probe(2), alice);
		for (let i = 0; powOf(e) >= 4 && i < 50; i++) e = node.client.build(probe(2), alice);
		expect((await node.mostrod.injectEvent(e))?.reason).toBe('pow');
	});

	it('drops a forged outer signature and an event of the other transport kind', async () => {
		const e = node.client.build(probe(3), alice, { pow: 4 });
		const forged = { ...e, sig: e.sig.replace(/^./, e.sig[0] === 'a' ? 'b' : 'a') };
		expect((await node.mostrod.injectEvent(forged))?.reason).toBe('outer signature');
		const other = signEvent({ kind: mode.protocolVersion === 2 ? 1059 : 14, created_at: now(), tags: [['p', node.mostrod.pubkey]], content: 'x' }, alice.sk);
		expect((await node.mostrod.injectEvent(other))?.reason).toMatch(/kind|pow/);
	});

	it('drops a request older than 10 s, and not addressed / undecryptable content', async () => {
		const stale = node.client.build(probe(4), alice, { pow: 4, createdAt: now() - 12 });
		expect((await node.mostrod.injectEvent(stale))?.reason).toBe('stale');
		const junk = signEvent({ kind: mode.protocolVersion === 2 ? 14 : 1059, created_at: now(), tags: [['p', node.mostrod.pubkey]], content: 'bm90IG5pcDQ0' }, alice.sk);
		let mined = junk;
		for (let i = 0; powOf(mined) < 4 && i < 200; i++)
			mined = signEvent(
				{
					...junk,
					created_at: junk.created_at,
					tags: [
						['p', node.mostrod.pubkey],
						['nonce', String(i), '4']
					]
				},
				alice.sk
			);
		expect((await node.mostrod.injectEvent(mined))?.reason).toMatch(/^unwrap/);
	});

	it('drops a message without the id verify() needs (admin-add-solver)', async () => {
		const m = buildMessage({ variant: 'dispute', requestId: 5, action: 'admin-add-solver' });
		expect(await node.client.expectSilence(m, alice, { pow: 4 }, 300)).toBe(true);
		expect(node.mostrod.intake.at(-1)?.reason).toBe('verify');
	});

	it('accepts a canonical inner signature and a separate identity; drops a non-canonical signature', async () => {
		const signed = await node.client.request(probe(6), alice, { pow: 4, signInner: true });
		expect(signed.message.kind.payload).toEqual({ cant_do: 'invalid_text_message' });
		const withIdentity = await node.client.request(probe(7), alice, { pow: 4, identity: bob });
		expect(withIdentity.to).toBe(alice.pk);
		if (mode.protocolVersion !== 2) return;
		const m = probe(8);
		const k = m.kind;
		const reordered = JSON.stringify({ dispute: { version: 2, action: k.action, request_id: k.request_id, trade_index: null, id: k.id, payload: null } });
		const plaintext = `[${reordered},${JSON.stringify(signText(reordered, alice.sk))},null]`;
		const template = { kind: 14, created_at: now(), tags: [['p', node.mostrod.pubkey]], content: encryptNip44(plaintext, getConversationKey(alice.sk, node.mostrod.pubkey)) };
		let e = signEvent(template, alice.sk);
		for (let i = 0; powOf(e) < 4 && i < 500; i++) e = signEvent({ ...template, tags: [...template.tags, ['nonce', String(i), '4']] }, alice.sk);
		expect((await node.mostrod.injectEvent(e))?.reason).toMatch(/^unwrap: trade signature/);
	});

	it('drops an identity proof without the trade signature', async () => {
		if (mode.protocolVersion !== 2) {
			expect(mode.protocolVersion).toBe(1);
			return;
		}
		const m = probe(9);
		const json = `{"dispute":{"version":2,"request_id":9,"trade_index":null,"id":"${m.kind.id}","action":"admin-add-solver","payload":null}}`;
		const proof = [bob.pk, signText(`mostro-transport-v2-identity:${alice.pk}:${json}`, bob.sk)];
		const plaintext = `[${json},null,${JSON.stringify(proof)}]`;
		const template = { kind: 14, created_at: now(), tags: [['p', node.mostrod.pubkey]], content: encryptNip44(plaintext, getConversationKey(alice.sk, node.mostrod.pubkey)) };
		let e = signEvent(template, alice.sk);
		for (let i = 0; powOf(e) < 4 && i < 500; i++) e = signEvent({ ...template, tags: [...template.tags, ['nonce', String(i), '4']] }, alice.sk);
		expect((await node.mostrod.injectEvent(e))?.reason).toMatch(/^unwrap: identity differs/);
	});

	it('replay (v2) and first-contact PoW (v2 only)', async () => {
		const e = node.client.build(probe(10), alice, { pow: 4 });
		expect((await node.mostrod.injectEvent(e))?.accepted).toBe(true);
		const again = await node.mostrod.injectEvent(e);
		if (mode.protocolVersion === 2) expect(again?.reason).toBe('replay');
		else expect(again?.accepted).toBe(true);
	});
});

describe('first-contact PoW on v2', () => {
	it('requires pow_first_contact from unknown keys, not from active trade keys', async () => {
		const node = await startNode(infra, MODES[0]!, { pow: 0, powFirstContact: 8 });
		const stranger: Key = testKey('fc-stranger');
		const buyer: Key = testKey('fc-buyer');
		try {
			expect(await node.client.expectSilence(probe(20), stranger, {}, 300)).toBe(true);
			expect(node.mostrod.intake.at(-1)?.reason).toBe('first-contact pow');
			const r = await node.client.request(probe(21), stranger, { pow: 8 });
			expect(r.message.kind.action).toBe('cant-do');
			await node.mostrod.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: testKey('fc-seller').pk });
			const known = await node.client.request(probe(22), buyer, {});
			expect(known.message.kind.action).toBe('cant-do');
		} finally {
			await node.stop();
		}
	});
});
