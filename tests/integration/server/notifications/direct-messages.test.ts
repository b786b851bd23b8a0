// Notifications by NIP-17 direct message over the embedded relay (issue 19): a test reader
// (a second key opening gift wraps with nostr-tools' nip17) receives and decrypts every kind;
// re-notification and escalation follow the injected clock; quiet hours hold all but the
// escrow-under-1-hour message; a hand-over tells the colleague, never the note; no payload
// carries chat text or key material.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld, type TestUser } from '../../../helpers/console-node.ts';
import { startDmReader, type DmReader } from '../../../helpers/dm-reader.ts';
import { decisionInput, openDispute, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { confirmNpubCode, saveNotificationChoices, startNpubVerification } from '../../../../src/lib/server/notifications/notification-settings.ts';
import { runNotificationRound } from '../../../../src/lib/server/notifications/notification-schedule.ts';
import { listRecentNotifications } from '../../../../src/lib/server/notifications/notification-log.ts';
import { defaultNotificationKinds } from '../../../../src/lib/server/notifications/notification-kinds.ts';
import { insertChatMessage } from '../../../../src/lib/server/mostro/dispute-chat/chat-repository.ts';
import { setEscrowDeadline } from '../../../../src/lib/server/cases/dispute-store.ts';
import { setFourEyesSats } from '../../../../src/lib/server/mostro/decision-settings.ts';
import { decide, reviewDecision } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { offerHandover } from '../../../../src/lib/server/case-notes/handovers.ts';
import { withdrawDecision } from '../../../../src/lib/server/mostro/actions/withdraw-proposal.ts';
import { openNotifierKey } from '../../../../src/lib/server/vault/notifier-key.ts';
import { openSolverSecret } from '../../../../src/lib/server/vault/solver-keys.ts';
import { encodeNsec, toHex } from '../../../../src/lib/protocol/keys.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startRelay } from '../../../../sim/relay/index.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';

const CHAT_SECRET = 'my bank PIN is 4242 and the seed words are abandon ability';
const MIN = 60_000;

let world: ConsoleWorld;
let clock = Date.now();
let mia: TestUser & { pubkey: string };
let miaReader: DmReader;
let olgaReader: DmReader;

async function verify(user: TestUser, reader: DmReader): Promise<void> {
	const sent = await startNpubVerification(world.services, user, null, { pubkey: reader.pubkey, send: (pk, code) => world.services.notifier.sendVerificationCode(user.id, pk, user.locale, code) }, clock);
	expect(sent).toBe(true);
	const message = await reader.next((t) => /code is \d{6}/.test(t), 'the verification code');
	const code = /(\d{6})/.exec(message.text)?.[1] ?? '';
	const wrong = code === '000000' ? '111111' : '000000';
	await expect(confirmNpubCode(world.services, user, null, { code: wrong }, clock)).rejects.toMatchObject({ messageKey: 'notify.account.error.code' });
	expect(await confirmNpubCode(world.services, user, null, { code }, clock)).toBe(reader.pubkey);
}

async function settle(): Promise<void> {
	await world.services.events.settled();
	await world.services.notifier.deliverDue();
}

beforeAll(async () => {
	world = await startConsoleWorld({}, 1500, {}, { notifications: { now: () => clock, publicUrl: 'https://console.example/' } });
	mia = await registeredMediator(world, 'mia', 'read-write');
	miaReader = await startDmReader(world.relay.url);
	olgaReader = await startDmReader(world.relay.url);
	await verify(mia, miaReader);
	await verify(world.operator, olgaReader);
}, 30_000);

afterAll(async () => {
	miaReader?.stop();
	olgaReader?.stop();
	await world?.stop();
});

describe('direct-message notifications', () => {
	it('a new dispute reaches everyone who may take it, with a link; then it is announced again and escalated to operators', async () => {
		clock = Date.now();
		const { disputeId } = await openDispute(world, { buyer: testKey('nb1'), seller: testKey('ns1') }, { amount: 70_000 });
		const short = disputeId.slice(0, 8);
		await settle();
		const toMia = await miaReader.next((t) => t.includes(`New dispute ${short}`), 'the new-dispute DM to mia');
		// The order (and so its amount) is fetched once the dispute is taken.
		expect(toMia.text).toMatch(/\((70,000 sats|amount not known yet)\)/);
		expect(toMia.text).toContain(`https://console.example/disputes/${disputeId}`);
		expect(toMia.rumor.kind).toBe(14);
		expect(toMia.wrap.kind).toBe(1059);
		await olgaReader.next((t) => t.includes(`New dispute ${short}`), 'the new-dispute DM to olga');

		clock += 16 * MIN;
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.includes(`${short}`) && t.includes('still not taken after 15 min'), 'the re-notification');
		clock += 45 * MIN;
		await runNotificationRound(world.database.db, world.services.notifier);
		await olgaReader.next((t) => t.startsWith('Escalation') && t.includes(short), 'the escalation to the operator');
		expect(miaReader.received.some((m) => m.text.startsWith('Escalation'))).toBe(false);
		// Once each: another round sends nothing more about this dispute.
		const before = miaReader.received.length + olgaReader.received.length;
		await runNotificationRound(world.database.db, world.services.notifier);
		await new Promise((r) => setTimeout(r, 200));
		expect(miaReader.received.length + olgaReader.received.length).toBe(before);
		const log = await listRecentNotifications(world.database.db);
		const escalation = log.find((n) => n.kind === 'dispute_escalated' && n.disputeId === disputeId);
		expect(escalation).toMatchObject({ state: 'sent', userName: 'olga', deliveredRelays: [world.relay.url] });
	});

	it('tells the holder of a party reply, a waiting party, escrow deadlines, a proposal to review, a takeover and the close', async () => {
		clock = Date.now();
		const { disputeId, orderId } = await takenDispute(world, mia, { buyer: testKey('hb1'), seller: testKey('hs1') });
		const short = disputeId.slice(0, 8);
		await settle();
		await world.database.db
			.transaction()
			.execute((tx) =>
				insertChatMessage(
					tx,
					{ disputeId, party: 'buyer', direction: 'in', innerId: 'a'.repeat(64), outerId: 'b'.repeat(64), generation: 'current', authorPubkey: testKey('hb1').pk, content: CHAT_SECRET, attachment: null, sentAt: Math.floor(clock / 1000) },
					clock
				)
			);
		world.services.events.deliver([{ type: 'ChatMessageStored', disputeId, party: 'buyer', direction: 'in' }]);
		await settle();
		await miaReader.next((t) => t === `A party replied on dispute ${short}.\nhttps://console.example/disputes/${disputeId}`, 'the party-replied DM');

		clock += 31 * MIN;
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.startsWith(`A party of dispute ${short} has waited 31 min`), 'the waiting-party reminder');

		await world.database.db.transaction().execute((tx) => setEscrowDeadline(tx, disputeId, clock + 5 * 60 * MIN));
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.includes(`${short} expires in under 6 hours`), 'the escrow 6 h DM');
		await world.database.db.transaction().execute((tx) => setEscrowDeadline(tx, disputeId, clock + 30 * MIN));
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.includes(`${short} expires in under 1 hour`), 'the escrow 1 h DM');

		await setFourEyesSats(world.services, world.operator, null, '0');
		const proposed = await decide(world.services, mia, disputeId, decisionInput(orderId, 'cancel'));
		expect(proposed.kind).toBe('proposed');
		await settle();
		const review = await olgaReader.next((t) => t.includes(`proposal on dispute ${short}`), 'the review DM to the operator');
		expect(review.text).toContain('(50,000 sats)');
		expect(miaReader.received.some((m) => m.text.includes(`proposal on dispute ${short}`))).toBe(false);
		await setFourEyesSats(world.services, world.operator, null, '');

		world.services.events.deliver([{ type: 'DisputeTaken', disputeId, holderUserId: world.operator.id, displacedUserId: mia.id }]);
		await settle();
		await miaReader.next((t) => t.startsWith(`Dispute ${short} was taken over`), 'the displaced DM');

		world.services.events.deliver([{ type: 'PartiesClosed', disputeId, userId: mia.id, outcome: 'released' }]);
		await settle();
		await miaReader.next((t) => t.startsWith(`Dispute ${short} is closed`), 'the closed DM');
	});

	it('quiet hours hold a message until they end, except escrow under 1 hour', async () => {
		clock = Date.now();
		const minute = Math.floor((clock % 86_400_000) / MIN);
		await saveNotificationChoices(world.services, mia, null, { kinds: defaultNotificationKinds(), quiet: { startMin: (minute + 1440 - 10) % 1440, endMin: (minute + 60) % 1440 } });
		const { disputeId } = await takenDispute(world, mia, { buyer: testKey('qb1'), seller: testKey('qs1') });
		const short = disputeId.slice(0, 8);
		await world.database.db.transaction().execute((tx) => setEscrowDeadline(tx, disputeId, clock + 3 * 60 * MIN));
		await runNotificationRound(world.database.db, world.services.notifier);
		const held = await waitFor(async () => (await listRecentNotifications(world.database.db)).find((n) => n.kind === 'escrow_6h' && n.disputeId === disputeId), 'the held notification');
		expect(held.state).toBe('quiet');
		expect(miaReader.received.some((m) => m.text.includes(`${short} expires in under 6`))).toBe(false);

		await world.database.db.transaction().execute((tx) => setEscrowDeadline(tx, disputeId, clock + 20 * MIN));
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.includes(`${short} expires in under 1 hour`), 'the escrow 1 h DM in quiet hours');

		clock += 61 * MIN;
		await runNotificationRound(world.database.db, world.services.notifier);
		await miaReader.next((t) => t.includes(`${short} expires in under 6 hours`), 'the held DM after quiet hours');
		await saveNotificationChoices(world.services, mia, null, { kinds: defaultNotificationKinds(), quiet: null });
	});

	it('a hand-over reaches the colleague it names, without the note; held in quiet hours; not sent when unticked', async () => {
		clock = Date.now();
		const hank = await registeredMediator(world, 'hank', 'read');
		const { disputeId } = await takenDispute(world, hank, { buyer: testKey('hb1'), seller: testKey('hs1') }, { amount: 33_000 });
		const short = disputeId.slice(0, 8);
		const note = 'The buyer sent a second receipt; PIN 9999 is in the chat';
		await offerHandover(world.services, hank, disputeId, { toUserId: mia.id, note });
		await settle();
		const dm = await miaReader.next((t) => t.includes(`Dispute ${short} (33,000 sats) was handed to you`), 'the handed-to-you DM');
		expect(dm.text).toContain(`https://console.example/disputes/${disputeId}`);
		expect(dm.text).not.toContain('9999');
		expect(olgaReader.received.some((m) => m.text.includes(`${short} (33,000 sats) was handed`))).toBe(false);

		const minute = Math.floor((clock % 86_400_000) / MIN);
		await saveNotificationChoices(world.services, mia, null, { kinds: defaultNotificationKinds(), quiet: { startMin: (minute + 1440 - 10) % 1440, endMin: (minute + 60) % 1440 } });
		const again = await offerHandover(world.services, hank, disputeId, { toUserId: mia.id, note: 'again' });
		await settle();
		const held = await waitFor(async () => (await listRecentNotifications(world.database.db)).find((n) => n.kind === 'handed_to_you' && n.disputeId === disputeId && n.state === 'quiet'), 'the held hand-over notice');
		expect(held.userId).toBe(mia.id);

		await saveNotificationChoices(world.services, mia, null, { kinds: defaultNotificationKinds().filter((k) => k !== 'handed_to_you'), quiet: null });
		await offerHandover(world.services, hank, disputeId, { toUserId: mia.id, note: 'third time' });
		await settle();
		const rows = (await listRecentNotifications(world.database.db)).filter((n) => n.kind === 'handed_to_you' && n.disputeId === disputeId);
		expect(rows).toHaveLength(2);
		expect(again.id).toBeGreaterThan(0);
		await saveNotificationChoices(world.services, mia, null, { kinds: defaultNotificationKinds(), quiet: null });
	});

	it('a review notice held by quiet hours is dropped, never sent, once its proposal was withdrawn or reviewed', async () => {
		clock = Date.now();
		const minute = Math.floor((clock % 86_400_000) / MIN);
		await saveNotificationChoices(world.services, world.operator, null, { kinds: defaultNotificationKinds(), quiet: { startMin: (minute + 1440 - 10) % 1440, endMin: (minute + 60) % 1440 } });
		await setFourEyesSats(world.services, world.operator, null, '0');
		const { disputeId, orderId } = await takenDispute(world, mia, { buyer: testKey('wb1'), seller: testKey('ws1') });
		const short = disputeId.slice(0, 8);
		const reviewNotice = async (decisionId: number) =>
			(await world.database.db.selectFrom('notifications').select(['state', 'sent_at']).where('user_id', '=', world.operator.id).where('dedupe_key', '=', `proposal_review:${decisionId}`).executeTakeFirst()) ?? null;

		const first = await decide(world.services, mia, disputeId, decisionInput(orderId, 'cancel'));
		await settle();
		expect(await reviewNotice(first.decisionId)).toMatchObject({ state: 'quiet' });
		await withdrawDecision(world.services, mia, disputeId, { decisionId: first.decisionId });
		await settle();
		expect(await reviewNotice(first.decisionId)).toMatchObject({ state: 'dropped', sent_at: null });

		// Proposed again, then rejected by the operator while the new notice is held.
		const second = await decide(world.services, mia, disputeId, decisionInput(orderId, 'cancel'));
		await settle();
		expect(await reviewNotice(second.decisionId)).toMatchObject({ state: 'quiet' });
		await reviewDecision(world.services, world.operator, disputeId, { decisionId: second.decisionId, approve: false, comment: 'Ask the seller first' });
		await settle();
		expect(await reviewNotice(second.decisionId)).toMatchObject({ state: 'dropped', sent_at: null });

		// Quiet hours end: nothing about these proposals is sent.
		clock += 61 * MIN;
		await runNotificationRound(world.database.db, world.services.notifier);
		await new Promise((r) => setTimeout(r, 300));
		expect(olgaReader.received.some((m) => m.text.includes(`proposal on dispute ${short}`))).toBe(false);
		expect(await reviewNotice(first.decisionId)).toMatchObject({ state: 'dropped' });
		expect(await reviewNotice(second.decisionId)).toMatchObject({ state: 'dropped' });
		await setFourEyesSats(world.services, world.operator, null, '');
		await saveNotificationChoices(world.services, world.operator, null, { kinds: defaultNotificationKinds(), quiet: null });
	});

	it("sends to the user's kind 10050 DM relays when they published a list", async () => {
		clock = Date.now();
		const dmRelay = await startRelay();
		const ritaSecret = generateSecretKey();
		const list = finalizeEvent({ kind: 10050, created_at: Math.floor(Date.now() / 1000), tags: [['relay', dmRelay.url]], content: '' }, ritaSecret);
		await publishToRelay(world.relay.url, [list]);
		const ritaReader = await startDmReader(dmRelay.url, ritaSecret);
		const onConsoleRelay = await startDmReader(world.relay.url, ritaSecret);
		try {
			const rita = await world.addMediator('rita');
			await verify(rita, ritaReader);
			const { disputeId } = await openDispute(world, { buyer: testKey('rb1'), seller: testKey('rs1') });
			await settle();
			await ritaReader.next((t) => t.includes(`New dispute ${disputeId.slice(0, 8)}`), 'the DM on the DM relay');
			expect(onConsoleRelay.received).toHaveLength(0);
			const row = (await listRecentNotifications(world.database.db)).find((n) => n.userName === 'rita' && n.disputeId === disputeId);
			expect(row?.deliveredRelays).toEqual([dmRelay.url]);
		} finally {
			ritaReader.stop();
			onConsoleRelay.stop();
			await dmRelay.stop();
		}
	});

	it('no payload carries chat text, a code outside its own message, or key material', async () => {
		const notifier = await openNotifierKey(world.database.db, world.services.sealer);
		const solver = await openSolverSecret(world.database.db, world.services.sealer, mia.id);
		expect(solver).not.toBeNull();
		const forbidden = [CHAT_SECRET, toHex(solver!.secret), encodeNsec(solver!.secret), toHex(notifier), encodeNsec(notifier), toHex(miaReader.secret), toHex(olgaReader.secret), toHex(world.node.secretKey), encodeNsec(world.node.secretKey)];
		notifier.fill(0);
		const all = [...miaReader.received, ...olgaReader.received];
		expect(all.length).toBeGreaterThanOrEqual(12);
		for (const message of all) {
			// The readable text may not contain even a fragment; the hex and base64 of the events only the whole secrets (a short figure can occur by chance).
			for (const secret of [...forbidden, '4242', 'PIN', 'seed words', 'nsec1']) expect(message.text).not.toContain(secret);
			for (const payload of [JSON.stringify(message.rumor), JSON.stringify(message.wrap)]) for (const secret of forbidden) expect(payload).not.toContain(secret);
			if (!message.text.includes('verification code')) expect(message.text).not.toMatch(/\b\d{6}\b/);
		}
	});
});
