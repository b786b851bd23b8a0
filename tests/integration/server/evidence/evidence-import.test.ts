// Evidence import end to end in the sandbox world: simulated traders chat before their dispute,
// disclose their trade-chat key in the dispute chat, and the console imports it (one click from
// the message), classifies it, fetches and validates the whole conversation, archives it, keeps
// showing it after the relay forgot everything, and rejects the scammer's replay and wrong `p`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvidenceKey, refreshEvidence } from '../../../../src/lib/server/evidence/key-import.ts';
import { loadEvidence } from '../../../../src/lib/server/evidence/transcript-view.ts';
import { openEvidenceAttachment } from '../../../../src/lib/server/evidence/evidence-attachments.ts';
import { loadChat } from '../../../../src/lib/server/mostro/dispute-chat/chat-view.ts';
import { findDisclosedSecret } from '../../../../src/lib/protocol/chat/disclosed-secret.ts';
import { rewrapChatInner, wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import type { NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { askForChatKey, startEvidenceWorld, takenScenario, type EvidenceWorld } from './evidence-world.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

const policy = { allowedHosts: [], allowLoopback: true };
const fromMessage = (sourceMessageId: number) => ({ secret: '', sourceMessageId, disclosedBy: 'unknown' as const, via: 'out_of_band' as const, disclosedAt: null });

describe('evidence import from disclosed trade-chat keys', () => {
	let w: EvidenceWorld;
	beforeAll(async () => {
		w = await startEvidenceWorld('evidence-import');
	});
	afterAll(() => w.stop());

	it('K_conv from the buyer and the raw ECDH secret from the seller: both sides verified, attachments decrypted, archive outlives the relay', async () => {
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ev-honest', buyer: { language: 'en', disclose: 'k-conv' }, seller: { language: 'es', disclose: 'ecdh' } });
		const buyerMsg = await askForChatKey(w, r.disputeId, 'buyer');
		const asConv = await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(buyerMsg));
		expect(asConv).toMatchObject({ kind: 'k_conv', accepted: 5, rejected: 0, ecdhWarning: false });

		const sellerMsg = await askForChatKey(w, r.disputeId, 'seller');
		const asShared = await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(sellerMsg));
		expect(asShared).toMatchObject({ kind: 'ecdh_secret', accepted: 5, ecdhWarning: true });
		await expect(importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(sellerMsg))).rejects.toMatchObject({ messageKey: 'evidence.error.duplicate' });

		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(view.keys.map((k) => [k.kind, k.disclosedBy, k.disclosedVia])).toEqual([
			['k_conv', 'buyer', 'dispute_chat'],
			['ecdh_secret', 'seller', 'dispute_chat']
		]);
		expect(view.messages).toHaveLength(5);
		// Four lines and the screenshot, in the order they were written (the traders' conversation
		// took a few minutes), whatever order the relay returned them in.
		expect(view.messages.map((m) => m.role)).toEqual(['buyer', 'seller', 'buyer', 'buyer', 'seller']);
		expect(view.messages[0]?.text).toMatch(/^Hi, I am paying/);
		expect(view.messages[3]?.attachment).not.toBeNull();
		expect(new Set(view.messages.map((m) => m.innerAt)).size).toBe(5);
		expect(view.messages.every((m) => m.relays.includes(w.world.relay.url))).toBe(true);
		const shot = view.messages.find((m) => m.attachment);
		expect(shot?.attachment).toMatchObject({ mimeType: 'image/png' });
		// The same message through the K_conv cannot be decrypted; through the ECDH secret it can.
		const rows = await w.world.database.db.selectFrom('evidence_events').select(['id', 'key_id', 'inner_id']).where('inner_id', '=', shot!.innerId).execute();
		expect(rows).toHaveLength(2);
		const [viaConv, viaShared] = rows.sort((a, b) => a.key_id - b.key_id);
		await expect(openEvidenceAttachment(w.world.services, w.actor, r.disputeId, { eventRowId: viaConv!.id, policy: policy })).rejects.toMatchObject({ messageKey: 'evidence.error.attachment_key' });
		// The page shows the copy the ECDH secret opens (regression: it used to show the K_conv copy, locked).
		expect(shot?.attachment?.decryptable).toBe(true);
		expect(shot?.id).toBe(viaShared!.id);
		const png = await openEvidenceAttachment(w.world.services, w.actor, r.disputeId, { eventRowId: shot!.id, policy: policy });
		expect(png).toMatchObject({ contentType: 'image/png', inline: true });
		const imported = (await w.world.database.db.selectFrom('audit_log').select('details').where('action', '=', 'evidence.key_imported').orderBy('id').execute()).map((a) => JSON.parse(a.details) as Record<string, unknown>);
		expect(imported.map((d) => [d.party, d.via, d.kind])).toEqual([
			['buyer', 'dispute_chat', 'k_conv'],
			['seller', 'dispute_chat', 'ecdh_secret']
		]);
		const viewed = await w.world.database.db.selectFrom('audit_log').select('details').where('action', '=', 'evidence.viewed').orderBy('id', 'desc').executeTakeFirstOrThrow();
		// Two copies of each message are one message, not a rejection.
		expect(JSON.parse(viewed.details)).toMatchObject({ messages: 5, rejected: 0 });

		w.world.relay.wipe();
		const refreshed = await refreshEvidence(w.world.services, w.actor, r.disputeId);
		expect(refreshed).toMatchObject({ keys: 2, added: 0 });
		const after = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(after.messages.map((m) => m.innerId)).toEqual(view.messages.map((m) => m.innerId));
		const audit = (await w.world.database.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
		expect(audit).toEqual(expect.arrayContaining(['evidence.key_imported', 'evidence.viewed', 'evidence.refreshed', 'evidence.attachment_viewed']));
		const secrets = await w.world.database.db.selectFrom('evidence_keys').select('secret_sealed').execute();
		const details = (await w.world.database.db.selectFrom('audit_log').select('details').execute()).map((a) => a.details).join('\n');
		for (const s of secrets) expect(s.secret_sealed.startsWith('v1.')).toBe(true);
		expect(details).not.toMatch(/"secret"/);
	});

	it("the scammer's replayed message and wrong-p message are listed as rejected", async () => {
		const r = await takenScenario(w, { scenario: 'scammer-seller', initiator: 'buyer', label: 'ev-scam', buyer: { language: 'en', disclose: 'k-conv' } });
		const msg = await askForChatKey(w, r.disputeId, 'buyer');
		const outcome = await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg));
		expect(outcome).toMatchObject({ kind: 'k_conv', accepted: 5, rejected: 2 });
		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(view.rejected.map((x) => x.reason).sort()).toEqual(['bad_p_tag', 'replay']);
		// The replay re-wraps an inner event the seller signed earlier: the copy in the oldest wrapper
		// is accepted, the other rejected (within the same second the order between them is by hash).
		const replay = view.rejected.find((x) => x.reason === 'replay');
		expect(replay?.role).toBe('seller');
		const replayRow = await w.world.database.db.selectFrom('evidence_events').select('inner_id').where('id', '=', replay!.id).executeTakeFirstOrThrow();
		const original = view.messages.find((m) => m.innerId === replayRow.inner_id);
		expect(original?.role).toBe('seller');
		expect([original?.outerId, replay?.outerId]).toContain(r.tradeChat?.invalid.replay);
		expect(view.rejected.find((x) => x.reason === 'bad_p_tag')?.outerId).toBe(r.tradeChat?.invalid.wrongP);

		// The seller's own key finds the same events: still five messages and the same two rejections.
		const sellerMsg = await askForChatKey(w, r.disputeId, 'seller');
		expect(await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(sellerMsg))).toMatchObject({ accepted: 5 });
		const both = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(both.messages).toHaveLength(5);
		expect(both.rejected.map((x) => x.reason).sort()).toEqual(['bad_p_tag', 'replay']);
		expect(both.rejectedByReason.reduce((n, x) => n + x.n, 0)).toBe(2);
	});

	it('a refresh adds what was said since, and rejects a replay of an archived message', async () => {
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ev-refresh', buyer: { language: 'en', disclose: 'k-conv' } });
		const msg = await askForChatKey(w, r.disputeId, 'buyer');
		expect(await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg))).toMatchObject({ accepted: 5, rejected: 0 });
		const seller = r.tradeChat!.sellerSession;
		await seller.send('One more thing: I still see nothing on my statement.');
		// The seller re-wraps its own first message, already in the archive, in a new envelope.
		const sellerRow = await w.world.database.db
			.selectFrom('evidence_events')
			.select('inner_raw')
			.where('dispute_id', '=', r.disputeId)
			.where('verdict', '=', 'accepted')
			.where('signer_role', '=', 'seller')
			.orderBy('inner_created_at')
			.executeTakeFirstOrThrow();
		await seller.publishRaw(rewrapChatInner(JSON.parse(sellerRow.inner_raw!) as NostrEvent, seller.channel, { now: Math.floor(Date.now() / 1000) }));
		const refreshed = await refreshEvidence(w.world.services, w.actor, r.disputeId);
		expect(refreshed).toMatchObject({ keys: 1, added: 2, accepted: 1 });
		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(view.messages).toHaveLength(6);
		expect(view.messages.at(-1)).toMatchObject({ role: 'seller', text: 'One more thing: I still see nothing on my statement.' });
		expect(view.rejected.map((x) => x.reason)).toEqual(['replay']);
		expect(await refreshEvidence(w.world.services, w.actor, r.disputeId)).toMatchObject({ added: 0 });
	});

	it('a second author posting into the conversation with the K_conv is read around and flagged', async () => {
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ev-two-authors', buyer: { language: 'en', disclose: 'k-conv' } });
		const buyer = r.tradeChat!.buyerSession;
		// The buyer (who knows K_conv) posts two messages of its own under a made-up envelope key.
		const forger = { ...buyer.channel, signSecret: new Uint8Array(32).fill(9) };
		for (const text of ['The seller agreed to refund me.', 'I have proof of that.']) await buyer.publishRaw(wrapChatMessage(buyer.own.sk, forger, text, { now: Math.floor(Date.now() / 1000) }).outer);
		const msg = await askForChatKey(w, r.disputeId, 'buyer');
		const outcome = await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg));
		expect(outcome).toMatchObject({ kind: 'k_conv', accepted: 5, rejected: 2, otherSigners: 1 });
		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(view.rejected.map((x) => x.reason)).toEqual(['wrong_author', 'wrong_author']);
		const audit = await w.world.database.db.selectFrom('audit_log').select('details').where('action', '=', 'evidence.key_imported').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(audit.details)).toMatchObject({ kind: 'k_conv', otherSigners: 1 });
	});

	it('a legacy gift-wrap conversation is read with the disclosed ECDH secret', async () => {
		const r = await takenScenario(w, { scenario: 'legacy-chat', initiator: 'seller', label: 'ev-legacy', seller: { language: 'en', disclose: 'ecdh' } });
		const msg = await askForChatKey(w, r.disputeId, 'seller');
		const outcome = await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg));
		expect(outcome).toMatchObject({ kind: 'legacy_shared', accepted: 5, rejected: 0 });
		const view = await loadEvidence(w.world.services, w.actor, r.disputeId);
		expect(view.messages.every((m) => m.generation === 'legacy')).toBe(true);
		expect(new Set(view.messages.map((m) => m.role))).toEqual(new Set(['buyer', 'seller']));
	});

	it('refuses a key of another trade, garbage, and anyone but the holder', async () => {
		const r = await takenScenario(w, { scenario: 'honest-seller', initiator: 'seller', label: 'ev-refuse' });
		const input = (secret: string) => ({ secret, sourceMessageId: null, disclosedBy: 'buyer' as const, via: 'out_of_band' as const, disclosedAt: null });
		await expect(importEvidenceKey(w.world.services, w.actor, r.disputeId, input('not a key'))).rejects.toMatchObject({ messageKey: 'evidence.error.secret' });
		await expect(importEvidenceKey(w.world.services, w.actor, r.disputeId, input('11'.repeat(32)))).rejects.toMatchObject({ messageKey: 'evidence.error.no_messages' });
		await expect(importEvidenceKey(w.world.services, personActor({ id: w.world.operator.id, name: 'olga', role: 'operator' }), r.disputeId, input('11'.repeat(32)))).rejects.toMatchObject({ messageKey: 'evidence.error.not_holder' });
	});

	it('once imported, the disclosed key is gone from the stored message, the chat view and the API data', async () => {
		const r = await takenScenario(w, { scenario: 'honest-buyer', initiator: 'buyer', label: 'ev-redact', buyer: { language: 'en', disclose: 'k-conv' }, seller: { language: 'en', disclose: 'ecdh' } });
		const msg = await askForChatKey(w, r.disputeId, 'buyer');
		const before = await w.world.database.db.selectFrom('chat_messages').select('content').where('id', '=', msg).executeTakeFirstOrThrow();
		const secret = findDisclosedSecret(before.content);
		expect(secret).not.toBeNull();
		await importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg));
		const after = await w.world.database.db.selectFrom('chat_messages').select('content').where('id', '=', msg).executeTakeFirstOrThrow();
		const bare = secret!.replace(/^0x/i, '');
		expect(after.content).not.toContain(bare);
		expect(after.content).toContain(`[chat key, imported by ${w.actor.name}]`);
		expect(findDisclosedSecret(after.content)).toBeNull();
		const chat = await loadChat(w.world.services, r.disputeId, w.actor.userId, null);
		const shown = chat.buyer.messages.find((m) => m.id === msg);
		expect(shown).toMatchObject({ keyImported: true });
		expect(JSON.stringify(chat)).not.toContain(bare);
		// Importing the same message again is a duplicate, not "no key in this message".
		await expect(importEvidenceKey(w.world.services, w.actor, r.disputeId, fromMessage(msg))).rejects.toMatchObject({ messageKey: 'evidence.error.duplicate' });
	});
});
