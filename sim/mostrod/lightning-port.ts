// The Lightning calls mostrod makes (MOSTROD.md §8.1) behind one interface, plus an in-memory
// implementation for runs without an LND. The gRPC implementation is lnd-lightning.ts. Every
// method rejects on an LND error; callers treat that as an internal (silent) error. Must never
// settle a hold invoice without its preimage.
import { createHash } from 'node:crypto';
import { decodeInvoice } from '../lnd/index.ts';

export type HoldState = 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED';

export type HoldLookup = { state: HoldState; amountPaidSats: number; expiryHeights: number[] };

export type NodeInfo = { version: string; pubkey: string; alias: string; chains: string; networks: string; uris: string };

export interface LightningPort {
	addHoldInvoice(i: { hash: string; tokens: number; memo: string; cltvDelta: number }): Promise<string>;
	settle(preimage: string): Promise<void>;
	cancel(hash: string): Promise<void>;
	lookup(hash: string): Promise<HoldLookup>;
	height(): Promise<number>;
	/** Calls back with every state the invoice goes through; returns an unsubscribe. */
	watch(hash: string, onState: (state: HoldState) => void): () => void;
	/** Pay a BOLT-11 (buyer payout); rejects when the payment fails. */
	pay(request: string, maxFeeSats: number): Promise<void>;
	/** The seller's wallet pays the hold invoice (test shortcut; the LND double only). */
	payHold(hash: string): Promise<void>;
	info(): Promise<NodeInfo>;
	close(): void;
}

export const sha256Hex = (hex: string): string => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

type MemInvoice = { hash: string; tokens: number; state: HoldState; expiry: number; listeners: Set<(s: HoldState) => void> };

/** Lightning without a node: hold invoices and payments as plain state, with fault switches. */
export class MemoryLightning implements LightningPort {
	#invoices = new Map<string, MemInvoice>();
	#height = 500;
	down = false;
	failPayments = false;

	#get(hash: string): MemInvoice {
		if (this.down) throw new Error('lnd unavailable');
		const inv = this.#invoices.get(hash);
		if (!inv) throw new Error('unable to locate invoice');
		return inv;
	}

	#set(inv: MemInvoice, state: HoldState): void {
		inv.state = state;
		for (const l of [...inv.listeners]) l(state);
	}

	async addHoldInvoice(i: { hash: string; tokens: number; cltvDelta: number }): Promise<string> {
		if (this.down) throw new Error('lnd unavailable');
		this.#invoices.set(i.hash, { hash: i.hash, tokens: i.tokens, state: 'OPEN', expiry: i.cltvDelta, listeners: new Set() });
		return `lnbcrt${i.tokens}memory1${i.hash}`;
	}

	async settle(preimage: string): Promise<void> {
		const inv = this.#get(sha256Hex(preimage));
		if (inv.state !== 'ACCEPTED') throw new Error(`invoice is ${inv.state.toLowerCase()}`);
		this.#set(inv, 'SETTLED');
	}

	async cancel(hash: string): Promise<void> {
		const inv = this.#get(hash);
		if (inv.state === 'SETTLED') throw new Error('invoice already settled');
		if (inv.state !== 'CANCELED') this.#set(inv, 'CANCELED');
	}

	async lookup(hash: string): Promise<HoldLookup> {
		const inv = this.#get(hash);
		const held = inv.state === 'ACCEPTED';
		return { state: inv.state, amountPaidSats: held || inv.state === 'SETTLED' ? inv.tokens : 0, expiryHeights: held ? [inv.expiry] : [] };
	}

	async height(): Promise<number> {
		if (this.down) throw new Error('lnd unavailable');
		return this.#height;
	}

	watch(hash: string, onState: (state: HoldState) => void): () => void {
		const inv = this.#invoices.get(hash);
		if (!inv) return () => undefined;
		inv.listeners.add(onState);
		return () => inv.listeners.delete(onState);
	}

	async pay(request: string): Promise<void> {
		if (this.down) throw new Error('lnd unavailable');
		if (this.failPayments) throw new Error('no route');
		decodeInvoice(request);
	}

	async payHold(hash: string): Promise<void> {
		const inv = this.#get(hash);
		if (inv.state !== 'OPEN') throw new Error(`invoice is ${inv.state.toLowerCase()}`);
		inv.expiry = this.#height + inv.expiry;
		this.#set(inv, 'ACCEPTED');
	}

	async info(): Promise<NodeInfo> {
		return { version: 'memory', pubkey: '', alias: 'memory-lightning', chains: 'bitcoin', networks: 'regtest', uris: '' };
	}

	close(): void {
		for (const inv of this.#invoices.values()) inv.listeners.clear();
	}
}
