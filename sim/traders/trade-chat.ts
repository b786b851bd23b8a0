// The buyer⇄seller trade chat before a dispute (the evidence a party may later disclose): a few
// scripted lines in G2 (or G1 legacy for the legacy scenario), one encrypted screenshot from the
// buyer keyed with the trade chat's raw ECDH secret, and — for the scammer — a replayed message
// (an earlier inner event re-wrapped in a new kind 14) and a message whose outer event carries a
// wrong `p` tag (PROTOCOL.md §5.3 steps 2 and 12, §5.5, §5.7). Must never forge the other
// party's inner signature: the scammer only re-sends what it signed itself.
import { serializeEvent, signEvent, type NostrEvent } from '../../src/lib/protocol/event.ts';
import { selfConversationKey } from '../../src/lib/protocol/chat/keys.ts';
import { rewrapChatInner } from '../../src/lib/protocol/chat/wrap.ts';
import { encryptNip44 } from '../../src/lib/protocol/nip44.ts';
import { buildAttachmentMessage, type BlobTarget } from './attachment-upload.ts';
import { ChatSession, type ChatGeneration } from './chat-session.ts';
import { reversalLine, tradeChatLines, type Language, type OrderFacts } from './reply-scripts.ts';
import { buildSamplePng } from './sample-files.ts';
import { deriveKey, type Key } from './trader-keys.ts';
import type { TraderNet } from './trader-net.ts';

export type TradeChatPlan = {
	buyer: Key;
	seller: Key;
	language: Language;
	generation: ChatGeneration;
	facts: OrderFacts;
	blobs?: BlobTarget;
	/** The seller also publishes a replay and a wrong-`p` message (G2 only). */
	scammerSeller?: boolean;
	/** Label for deterministic extras (the wrong `p` target). */
	label: string;
};

export type TradeChatResult = {
	/** The buyer's and the seller's sessions (send-only; no subscription is left open). */
	buyerSession: ChatSession;
	sellerSession: ChatSession;
	/** Outer event ids of what was published, in order. */
	published: string[];
	/** Outer ids of the scammer's invalid events (replay, wrong p). */
	invalid: { replay: string | null; wrongP: string | null };
};

const PACE_SECS = 40;

/** A kind 14 signed by K_sign whose single `p` tag is not pub(K_conv) (fails step 2). */
function wrongPTagEvent(session: ChatSession, text: string, wrongPubkey: string): NostrEvent {
	const now = Math.floor(Date.now() / 1000);
	const inner = signEvent({ kind: 1, created_at: now, tags: [], content: text }, session.own.sk);
	const content = encryptNip44(serializeEvent(inner), selfConversationKey(session.channel.convSecret));
	return signEvent({ kind: 14, created_at: now, tags: [['p', wrongPubkey]], content }, session.channel.signSecret);
}

export async function runTradeChat(net: TraderNet, plan: TradeChatPlan): Promise<TradeChatResult> {
	const buyerSession = new ChatSession(net, plan.buyer, plan.seller.pk, { generation: plan.generation });
	const sellerSession = new ChatSession(net, plan.seller, plan.buyer.pk, { generation: plan.generation });
	const published: string[] = [];
	const invalid: TradeChatResult['invalid'] = { replay: null, wrongP: null };
	const sellerInners: NostrEvent[] = [];
	// The conversation happened over the last few minutes, one message every PACE_SECS, so its
	// order is plain from the validated times (well inside the hour of slack before the order).
	const lines = tradeChatLines(plan.language, plan.facts);
	let at = Math.floor(Date.now() / 1000) - PACE_SECS * (lines.length + 1);
	const next = () => (at += PACE_SECS);
	for (const line of lines) {
		const session = line.from === 'buyer' ? buyerSession : sellerSession;
		const sent = await session.send(line.text, plan.generation, next());
		published.push(sent.outer.id);
		if (line.from === 'seller') sellerInners.push(sent.inner);
		if (line.from === 'buyer' && plan.blobs && published.length === 3) {
			const shot = buildSamplePng(`${plan.label} trade screenshot`);
			const content = await buildAttachmentMessage(plan.blobs, shot, buyerSession.channel.shared, plan.buyer.sk);
			published.push((await buyerSession.send(content, plan.generation, next())).outer.id);
		}
	}
	if (plan.scammerSeller && plan.generation === 'g2') {
		const old = sellerInners[0];
		if (old) {
			const replay = rewrapChatInner(old, sellerSession.channel, { now: Math.floor(Date.now() / 1000) });
			await sellerSession.publishRaw(replay);
			invalid.replay = replay.id;
			published.push(replay.id);
		}
		const text = reversalLine(plan.language);
		const wrong = wrongPTagEvent(sellerSession, text, deriveKey(plan.label, 'wrong p target').pk);
		await sellerSession.publishRaw(wrong);
		invalid.wrongP = wrong.id;
		published.push(wrong.id);
	}
	return { buyerSession, sellerSession, published, invalid };
}
