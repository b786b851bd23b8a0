// LightningPort over LND's gRPC API through the `lightning` package (MOSTROD.md §8.1): hold
// invoices (add, settle, cancel, lookup, subscribe), payouts, chain height and node info. When
// given the LND double's handle, `payHold` uses its seller wallet. Must never keep a gRPC
// client or an invoice subscription open after `close()`.
import { createRequire } from 'node:module';
import type { LndDouble } from '../lnd/index.ts';
import type { HoldLookup, HoldState, LightningPort, NodeInfo } from './lightning-port.ts';
import type { LndCredentials } from './options.ts';

const lightning = createRequire(import.meta.url)('lightning') as typeof import('lightning');
type Lnd = ReturnType<typeof lightning.authenticatedLndGrpc>['lnd'];
type InvoiceView = { is_held?: boolean; is_confirmed: boolean; is_canceled?: boolean };
type Closable = { close?: () => void };
type Subscription = { removeAllListeners(): void; on(ev: string, f: (...a: never[]) => void): void };

function stateOf(inv: InvoiceView): HoldState {
	if (inv.is_confirmed) return 'SETTLED';
	if (inv.is_canceled) return 'CANCELED';
	return inv.is_held ? 'ACCEPTED' : 'OPEN';
}

/** lightning rejects with `[code, message, details]`; turn it into an Error. */
function asError(err: unknown): Error {
	if (err instanceof Error) return err;
	return new Error(Array.isArray(err) ? `lnd: ${String(err[0])} ${String(err[1])}` : `lnd: ${String(err)}`);
}

export function isLndDoubleHandle(x: LndCredentials | LndDouble): x is LndDouble {
	return typeof (x as LndDouble).payHoldInvoice === 'function';
}

export class LndLightning implements LightningPort {
	readonly #lnd: Lnd;
	readonly #double: LndDouble | null;
	readonly #subs = new Set<Subscription>();

	constructor(creds: LndCredentials | LndDouble) {
		this.#lnd = lightning.authenticatedLndGrpc({ cert: creds.cert, macaroon: creds.macaroon, socket: creds.socket }).lnd;
		this.#double = isLndDoubleHandle(creds) ? creds : null;
	}

	async #call<T>(p: Promise<T>): Promise<T> {
		try {
			return await p;
		} catch (err) {
			throw asError(err);
		}
	}

	async addHoldInvoice(i: { hash: string; tokens: number; memo: string; cltvDelta: number }): Promise<string> {
		const r = await this.#call(lightning.createHodlInvoice({ lnd: this.#lnd, id: i.hash, tokens: i.tokens, description: i.memo, cltv_delta: i.cltvDelta }));
		return r.request;
	}

	async settle(preimage: string): Promise<void> {
		await this.#call(lightning.settleHodlInvoice({ lnd: this.#lnd, secret: preimage }));
	}

	async cancel(hash: string): Promise<void> {
		await this.#call(lightning.cancelHodlInvoice({ lnd: this.#lnd, id: hash }));
	}

	async lookup(hash: string): Promise<HoldLookup> {
		const inv = await this.#call(lightning.getInvoice({ lnd: this.#lnd, id: hash }));
		return {
			state: stateOf(inv),
			amountPaidSats: inv.received,
			expiryHeights: inv.payments.filter((p) => p.is_held).map((p) => p.timeout)
		};
	}

	async height(): Promise<number> {
		return (await this.#call(lightning.getHeight({ lnd: this.#lnd }))).current_block_height;
	}

	watch(hash: string, onState: (state: HoldState) => void): () => void {
		const sub = lightning.subscribeToInvoice({ lnd: this.#lnd, id: hash }) as unknown as Subscription;
		this.#subs.add(sub);
		sub.on('invoice_updated', ((inv: InvoiceView) => onState(stateOf(inv))) as (...a: never[]) => void);
		sub.on('error', () => undefined);
		sub.on('end', () => this.#subs.delete(sub));
		return () => {
			sub.removeAllListeners();
			this.#subs.delete(sub);
		};
	}

	async pay(request: string, maxFeeSats: number): Promise<void> {
		await this.#call(lightning.pay({ lnd: this.#lnd, request, max_fee: Math.max(1, Math.floor(maxFeeSats)) }));
	}

	async payHold(hash: string): Promise<void> {
		if (this.#double) {
			this.#double.payHoldInvoice(hash);
			return;
		}
		const inv = await this.#call(lightning.getInvoice({ lnd: this.#lnd, id: hash }));
		const sub = lightning.subscribeToPayViaRequest({ lnd: this.#lnd, request: inv.request ?? '' }) as unknown as Subscription;
		sub.on('error', () => undefined);
		this.#subs.add(sub);
	}

	async info(): Promise<NodeInfo> {
		const w = await this.#call(lightning.getWalletInfo({ lnd: this.#lnd }));
		return { version: w.version, pubkey: w.public_key, alias: w.alias, chains: 'bitcoin', networks: 'regtest', uris: (w.uris ?? []).join(',') };
	}

	close(): void {
		for (const sub of this.#subs) sub.removeAllListeners();
		this.#subs.clear();
		for (const client of Object.values(this.#lnd) as Closable[]) client.close?.();
	}
}
