// The sandbox's own mediator ("another mediator on the node, not in your console"): a
// read-write solver key derived from the seed that takes, chats with both parties, and settles
// or cancels seeded disputes over Nostr, so the console sees disputes in progress under someone
// else and disputes closed by an admin (PROTOCOL.md §4.2–§4.4, §5.4). Every wait is bounded.
// Must never act on a dispute the sandbox did not seed.
import { buildAdminCancel } from '../../src/lib/protocol/actions/admin-cancel.ts';
import { buildAdminSettle } from '../../src/lib/protocol/actions/admin-settle.ts';
import { buildAdminTakeDispute, readTookDispute } from '../../src/lib/protocol/actions/admin-take-dispute.ts';
import type { SolverDisputeInfo } from '../../src/lib/protocol/payload.ts';
import { ChatSession, deriveKey, NodeInbox, sendToNode, type Key, type NodeLink, type TraderCrowd } from '../traders/index.ts';

let requestIds = 900_000;

export class HouseSolver {
	readonly key: Key;
	readonly #link: NodeLink;
	readonly #inbox: NodeInbox;
	readonly #crowd: TraderCrowd;

	private constructor(crowd: TraderCrowd, key: Key) {
		this.key = key;
		this.#crowd = crowd;
		this.#link = { net: crowd.net, nodePubkey: crowd.nodePubkey, transport: crowd.transport, pow: crowd.pow };
		this.#inbox = new NodeInbox(this.#link, key);
	}

	static async start(crowd: TraderCrowd, seed: string): Promise<HouseSolver> {
		const s = new HouseSolver(crowd, deriveKey(seed, 'house solver'));
		await s.#inbox.start();
		return s;
	}

	async #request(m: Parameters<typeof sendToNode>[1], action: string, timeoutMs = 8000) {
		const rid = m.kind.request_id;
		await sendToNode(this.#link, m, this.key, null);
		const reply = await this.#inbox.waitFor((d) => d.message.kind.request_id === rid, timeoutMs, `${action} reply`);
		if (reply.message.kind.action === 'cant-do') throw new Error(`${action} refused: ${JSON.stringify(reply.message.kind.payload)}`);
		return reply;
	}

	async take(disputeId: string): Promise<SolverDisputeInfo> {
		const reply = await this.#request(buildAdminTakeDispute({ disputeId, requestId: requestIds++ }), 'admin-take-dispute');
		const took = readTookDispute(reply.message);
		if (!took?.info) throw new Error('admin-took-dispute without solver info');
		return took.info;
	}

	async settle(orderId: string): Promise<void> {
		await this.#request(buildAdminSettle({ orderId, requestId: requestIds++ }), 'admin-settle');
	}

	async cancel(orderId: string): Promise<void> {
		await this.#request(buildAdminCancel({ orderId, requestId: requestIds++ }), 'admin-cancel');
	}

	/** One G2 message to a party in the dispute chat (send-only session). */
	async say(partyTradePubkey: string, text: string): Promise<void> {
		await new ChatSession(this.#crowd.net, this.key, partyTradePubkey).send(text);
	}

	close(): void {
		this.#inbox.close();
	}
}
