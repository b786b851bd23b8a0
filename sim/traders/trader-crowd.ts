// The set of simulated traders of one run: one shared Nostr connection, the node's transport
// (given or read from its 38385), the LND double and blob server handles, and every trader and
// dispute responder created through it, so their chat listeners stay alive until `stop()`
// (which closes every subscription and socket). Must never create a trader after stop().
import type { LndDouble } from '../lnd/index.ts';
import type { BlobTarget } from './attachment-upload.ts';
import type { DisputeResponder } from './dispute-responder.ts';
import type { Language } from './reply-scripts.ts';
import { TraderNet } from './trader-net.ts';
import { createTrader, readNodeTransport, type Privacy, type Trader } from './trader.ts';

export type CrowdOptions = {
	relays: string[];
	nodePubkey: string;
	transport?: 1 | 2;
	pow?: number;
	lnd?: LndDouble;
	blobs?: BlobTarget;
	seed: string;
	replyDelayMs?: number;
};

export class TraderCrowd {
	readonly net: TraderNet;
	readonly nodePubkey: string;
	readonly transport: 1 | 2;
	readonly pow: number;
	readonly seed: string;
	readonly traders: Trader[] = [];
	readonly responders: DisputeResponder[] = [];
	readonly #o: CrowdOptions;
	#stopped = false;

	private constructor(o: CrowdOptions, net: TraderNet, transport: 1 | 2, pow: number) {
		this.#o = o;
		this.net = net;
		this.nodePubkey = o.nodePubkey;
		this.transport = transport;
		this.pow = pow;
		this.seed = o.seed;
	}

	static async open(o: CrowdOptions): Promise<TraderCrowd> {
		const net = await TraderNet.open(o.relays);
		try {
			const t = o.transport ? { transport: o.transport, pow: o.pow ?? 0 } : await readNodeTransport(net, o.nodePubkey);
			return new TraderCrowd(o, net, t.transport, o.pow ?? t.pow);
		} catch (err) {
			await net.close();
			throw err;
		}
	}

	async createTrader(i: { name: string; language: Language; privacy: Privacy }): Promise<Trader> {
		if (this.#stopped) throw new Error('the crowd is stopped');
		const o = this.#o;
		const t = await createTrader({
			relays: o.relays,
			nodePubkey: o.nodePubkey,
			transport: this.transport,
			pow: this.pow,
			lnd: o.lnd,
			blobs: o.blobs,
			seed: o.seed,
			replyDelayMs: o.replyDelayMs,
			net: this.net,
			...i
		});
		this.traders.push(t);
		return t;
	}

	track(r: DisputeResponder): void {
		this.responders.push(r);
	}

	/** The responder answering for this trade pubkey, if any. */
	responderFor(tradePubkey: string): DisputeResponder | undefined {
		return this.responders.find((r) => r.trade.pk === tradePubkey);
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		await Promise.all(this.traders.map((t) => t.stop()));
		await this.net.close();
	}
}
