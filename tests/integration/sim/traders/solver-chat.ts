// Test-side solver: takes a dispute over Nostr with the mostrod test client, then talks to a
// party in the dispute chat with the protocol library only (G2 wrap/unwrap, §5.3–§5.4) and
// downloads/decrypts attachments (§5.7). Independent of sim/traders on purpose. Every wait is bounded.
import { readTookDispute, buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { blobHashFromUrl, openAttachment, parseChatContent, type EncryptedAttachment } from '../../../../src/lib/protocol/attachments.ts';
import { buildChatChannel, type ChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { buildMemoryDedupStore } from '../../../../src/lib/protocol/chat/stores.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import type { NostrEvent } from '../../../../src/lib/protocol/event.ts';
import type { SolverDisputeInfo } from '../../../../src/lib/protocol/payload.ts';
import type { Key, MostroClient } from '../mostrod/client.ts';

export type ChatMessage = { inner: NostrEvent; text: string };

export async function takeDispute(client: MostroClient, solver: Key, disputeId: string): Promise<SolverDisputeInfo> {
	const reply = await client.request(buildAdminTakeDispute({ disputeId, requestId: client.nextRequestId() }), solver, {}, 5000);
	const took = readTookDispute(reply.message);
	if (!took?.info) throw new Error(`take refused: ${JSON.stringify(reply.message.kind.payload)}`);
	return took.info;
}

export class SolverChat {
	readonly channel: ChatChannel;
	readonly received: ChatMessage[] = [];
	readonly #client: MostroClient;
	readonly #solver: Key;

	private constructor(client: MostroClient, solver: Key, partyPubkey: string) {
		this.#client = client;
		this.#solver = solver;
		this.channel = buildChatChannel(solver.sk, partyPubkey);
	}

	static async open(client: MostroClient, solver: Key, partyPubkey: string): Promise<SolverChat> {
		const c = new SolverChat(client, solver, partyPubkey);
		const view = buildChatChannelView(c.channel.convSecret, c.channel.signPubkey);
		const allowed = new Set(c.channel.allowedSigners);
		const seenOuter = buildMemoryDedupStore();
		const seenInner = buildMemoryDedupStore();
		await client.link.subscribe([{ kinds: [14], authors: [c.channel.signPubkey] }], (e) => {
			const r = unwrapChatMessage(e, { channel: view, allowedSigners: allowed, now: Math.floor(Date.now() / 1000), seenOuter, seenInner });
			if (r.ok && r.inner.pubkey !== solver.pk) c.received.push({ inner: r.inner, text: r.inner.content });
		});
		return c;
	}

	async say(text: string): Promise<void> {
		const { outer } = wrapChatMessage(this.#solver.sk, this.channel, text, { now: Math.floor(Date.now() / 1000) });
		if (!(await this.#client.link.publish(outer))) throw new Error('relay refused the chat message');
	}

	async waitFor(pred: (m: ChatMessage) => boolean, timeoutMs = 5000, what = 'a chat reply'): Promise<ChatMessage> {
		const end = Date.now() + timeoutMs;
		for (;;) {
			const hit = this.received.find(pred);
			if (hit) return hit;
			if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received.map((m) => m.text.slice(0, 60)))}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	}

	/** Download the attachment from `blobUrl` by hash and decrypt it with the channel's ECDH secret. */
	async openAttachment(blobUrl: string, a: EncryptedAttachment): Promise<Uint8Array> {
		const hash = blobHashFromUrl(a.blossom_url);
		const res = await fetch(`${blobUrl}/${hash}`, { signal: AbortSignal.timeout(5000) });
		if (!res.ok) throw new Error(`blob download failed: HTTP ${res.status}`);
		return openAttachment(new Uint8Array(await res.arrayBuffer()), a, this.channel.shared);
	}
}

export function attachmentOf(m: ChatMessage): EncryptedAttachment | null {
	const c = parseChatContent(m.text);
	return c.type === 'attachment' ? c.attachment : null;
}
