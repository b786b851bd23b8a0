// In-process control of the node double: seed orders directly in any state (with a real,
// accepted hold invoice), open disputes as buyer or seller, register solvers and reputations,
// run the party closings and the guardian, and switch faults (LND down, payment failure,
// silence, settle race, inconsistent flags). Mirrors MOSTROD.md §1, §5, §9.1 without the
// Nostr round trip. Must never bypass the same state rules the Nostr handlers apply.
import type { OrderKind, OrderStatus } from '../../src/lib/protocol/payload.ts';
import { parsePubkey } from '../../src/lib/protocol/keys.ts';
import type { LndDouble } from '../lnd/index.ts';
import { CantDoError, newPreimage, newUuid, nowSecs, type Ctx } from './daemon-context.ts';
import { openDisputeFor } from './dispute-open.ts';
import { actOnDeadline, runGuardian } from './escrow-guardian.ts';
import { sha256Hex } from './lightning-port.ts';
import type { MemoryLightning } from './lightning-port.ts';
import { cooperativeCancel, createHoldInvoice, releaseBySeller } from './order-lifecycle.ts';
import { feeOf, newOrderRecord } from './order-flow.ts';
import type { SolverPermissionName } from './options.ts';
import type { BondRecord, DisputeRecord, OrderRecord, UserRecord } from './state-store.ts';

export type Reputation = { rating: number; reviews: number; days: number };

export type CreateOrderInput = {
	kind: OrderKind;
	/** Default `active`. With a hold invoice for every status from waiting-payment on. */
	status?: OrderStatus;
	amount?: number;
	fiatCode?: string;
	fiatAmount?: number;
	paymentMethod?: string;
	premium?: number;
	buyerPubkey?: string | null;
	sellerPubkey?: string | null;
	/** Identity keys (reputation mode); omitted or equal to the trade key = full privacy. */
	buyerIdentity?: string | null;
	sellerIdentity?: string | null;
	buyerReputation?: Reputation;
	sellerReputation?: Reputation;
	/** Payout invoice; default: a fresh invoice from the LND double for amount − fee (when available). */
	buyerInvoice?: string | null;
	/** Locked anti-abuse bonds to create (real hold invoices). */
	bonds?: { buyer?: boolean; seller?: boolean };
	/** Publish the 38383 event for this state (default true). */
	publish?: boolean;
};

const HELD: ReadonlySet<string> = new Set(['active', 'fiat-sent', 'dispute', 'waiting-buyer-invoice']);

export type ControlDeps = { ctx: Ctx; lndDouble: LndDouble | null; memory: MemoryLightning | null; refreshActiveKeys: () => void };

export class MostrodControl {
	readonly #d: ControlDeps;
	constructor(d: ControlDeps) {
		this.#d = d;
	}

	get #ctx(): Ctx {
		return this.#d.ctx;
	}

	#mustOrder(id: string): OrderRecord {
		const o = this.#ctx.store.orders.get(id);
		if (!o) throw new Error(`unknown order ${id}`);
		return o;
	}

	#reputation(pubkey: string, r: Reputation | undefined): void {
		const now = nowSecs(this.#ctx);
		const row: UserRecord = this.#ctx.store.users.get(pubkey) ?? {
			pubkey,
			isAdmin: false,
			isSolver: false,
			isBanned: false,
			category: 0,
			lastTradeIndex: 0,
			totalRating: 0,
			totalReviews: 0,
			createdAt: now
		};
		if (r) Object.assign(row, { totalRating: r.rating, totalReviews: r.reviews, createdAt: now - r.days * 86400 });
		this.#ctx.store.users.set(pubkey, row);
	}

	async #bond(o: OrderRecord, side: 'buyer' | 'seller'): Promise<void> {
		const ctx = this.#ctx;
		const preimage = newPreimage(ctx);
		const hash = sha256Hex(preimage);
		const amount = Math.max(Math.round(o.amount * ctx.o.bondAmountPct), ctx.o.bondBaseAmountSats);
		await ctx.ln.addHoldInvoice({ hash, tokens: amount, memo: `Bond for order #${o.id}`, cltvDelta: ctx.o.holdInvoiceCltvDelta });
		await ctx.ln.payHold(hash);
		const pubkey = (side === 'buyer' ? o.buyerPubkey : o.sellerPubkey) ?? '';
		const b: BondRecord = { id: newUuid(ctx), orderId: o.id, pubkey, side, amount, hash, preimage, state: 'locked', slashedReason: null, slashedAt: 0 };
		ctx.store.bonds.set(b.id, b);
	}

	/**
	 * Lock anti-abuse bonds (real hold invoices) on an existing order for the sides asked that have
	 * none locked yet, as the daemon holds them once each party paid its bond (MOSTROD.md §3.5).
	 */
	async lockBonds(orderId: string, sides: { buyer?: boolean; seller?: boolean }): Promise<void> {
		const o = this.#mustOrder(orderId);
		const locked = this.#ctx.store.bondsOfOrder(o.id).filter((b) => b.state === 'locked');
		for (const side of ['buyer', 'seller'] as const) {
			if (sides[side] && !locked.some((b) => b.side === side)) await this.#bond(o, side);
		}
	}

	/** Create an order directly in `status` (default active) with its escrow in the right LND state. */
	async createOrder(input: CreateOrderInput): Promise<OrderRecord> {
		const ctx = this.#ctx;
		const amount = input.amount ?? 10_000;
		const status = input.status ?? 'active';
		const buyer = input.buyerPubkey === undefined ? null : input.buyerPubkey && parsePubkey(input.buyerPubkey);
		const seller = input.sellerPubkey === undefined ? null : input.sellerPubkey && parsePubkey(input.sellerPubkey);
		const creator = (input.kind === 'sell' ? seller : buyer) ?? buyer ?? seller;
		if (!creator) throw new Error('createOrder needs at least the maker trade key');
		const o = newOrderRecord(
			ctx,
			input.kind,
			{
				amount,
				fiat_code: input.fiatCode ?? 'USD',
				fiat_amount: input.fiatAmount ?? 100,
				min_amount: null,
				max_amount: null,
				payment_method: input.paymentMethod ?? 'bank transfer',
				premium: input.premium ?? 0
			},
			creator
		);
		o.fee = feeOf(ctx, amount);
		o.buyerPubkey = buyer ?? null;
		o.sellerPubkey = seller ?? null;
		o.masterBuyerPubkey = input.buyerIdentity ? parsePubkey(input.buyerIdentity) : null;
		o.masterSellerPubkey = input.sellerIdentity ? parsePubkey(input.sellerIdentity) : null;
		if (o.masterBuyerPubkey && o.masterBuyerPubkey !== o.buyerPubkey) this.#reputation(o.masterBuyerPubkey, input.buyerReputation);
		if (o.masterSellerPubkey && o.masterSellerPubkey !== o.sellerPubkey) this.#reputation(o.masterSellerPubkey, input.sellerReputation);
		if (status !== 'pending') o.takenAt = nowSecs(ctx);
		ctx.store.orders.set(o.id, o);
		if (input.buyerInvoice !== undefined) o.buyerInvoice = input.buyerInvoice;
		else if (this.#d.lndDouble && status !== 'pending') o.buyerInvoice = this.#d.lndDouble.createInvoice({ tokens: amount - o.fee, description: `payout ${o.id}` }).request;
		if (status !== 'pending' && !(status === 'waiting-buyer-invoice' && input.kind === 'sell')) {
			await createHoldInvoice(ctx, o);
			if (HELD.has(status)) {
				await ctx.ln.payHold(o.hash as string);
				o.invoiceHeldAt = nowSecs(ctx);
			}
		}
		o.status = status;
		if (input.bonds?.buyer) await this.#bond(o, 'buyer');
		if (input.bonds?.seller) await this.#bond(o, 'seller');
		if (input.publish !== false) {
			const taken = o.status !== 'pending' && !o.status.startsWith('cancel') && o.status !== 'success';
			if (taken) await ctx.publisher.publishOrder({ ...o, status: o.kind === 'sell' ? 'waiting-buyer-invoice' : 'waiting-payment' });
			else await ctx.publisher.publishOrder(o);
		}
		this.#d.refreshActiveKeys();
		return structuredClone(o);
	}

	/** T1 without the Nostr round trip (same checks as the `dispute` action). */
	async openDispute(orderId: string, by: 'buyer' | 'seller', requestId: number | null = null): Promise<DisputeRecord> {
		const o = this.#mustOrder(orderId);
		if (this.#ctx.store.disputeOfOrder(orderId)) throw new Error('the order already has a dispute');
		if (o.status !== 'active' && o.status !== 'fiat-sent') throw new CantDoError('not_allowed_by_status');
		const d = await openDisputeFor(this.#ctx, o, by, requestId);
		this.#d.refreshActiveKeys();
		return structuredClone(d);
	}

	/** Register a solver row directly (false when the key already has a users row). */
	addSolver(pubkey: string, permission: SolverPermissionName = 'read-write'): boolean {
		const ok = this.#ctx.store.insertUser({
			pubkey: parsePubkey(pubkey),
			isAdmin: false,
			isSolver: true,
			isBanned: false,
			category: permission === 'read' ? 1 : 2,
			lastTradeIndex: 0,
			totalRating: 0,
			totalReviews: 0,
			createdAt: nowSecs(this.#ctx)
		});
		return ok;
	}

	/** Edit a solver's category directly (what an operator does in SQLite, §4.2); null removes it. */
	setSolverPermission(pubkey: string, permission: SolverPermissionName | null): void {
		const u = this.#ctx.store.users.get(parsePubkey(pubkey));
		if (!u) throw new Error('no users row');
		u.isSolver = permission !== null;
		u.category = permission === null ? 0 : permission === 'read' ? 1 : 2;
	}

	setReputation(identity: string, r: Reputation): void {
		this.#reputation(parsePubkey(identity), r);
	}

	releaseBySeller(orderId: string): Promise<void> {
		const o = this.#mustOrder(orderId);
		return releaseBySeller(this.#ctx, o, o.sellerPubkey ?? '', null);
	}

	/** One cooperative-cancel step by a party (call for both sides to close). */
	cooperativeCancel(orderId: string, by: 'buyer' | 'seller'): Promise<void> {
		const o = this.#mustOrder(orderId);
		return cooperativeCancel(this.#ctx, o, (by === 'buyer' ? o.buyerPubkey : o.sellerPubkey) ?? '', null);
	}

	/** Act as the guardian on this order now, whatever its deadline (T2 / active → canceled). */
	autoDispute(orderId: string): Promise<'dispute' | 'canceled' | 'skipped'> {
		return actOnDeadline(this.#ctx, this.#mustOrder(orderId));
	}

	/** One real guardian pass (deadline from the LND HTLC expiry heights). */
	runGuardian(): Promise<string[]> {
		return runGuardian(this.#ctx);
	}

	/** The seller pays the order's hold invoice (LND double / memory Lightning). */
	async payHoldInvoice(orderId: string): Promise<void> {
		const o = this.#mustOrder(orderId);
		if (!o.hash) throw new Error('the order has no hold invoice yet');
		await this.#ctx.ln.payHold(o.hash);
	}

	/** true = drop every request, a list = drop these actions, false = answer normally. */
	setSilent(silent: boolean | string[]): void {
		this.#ctx.faults.silent = Array.isArray(silent) ? new Set(silent) : silent;
	}

	setLndDown(on: boolean): void {
		if (this.#d.lndDouble) this.#d.lndDouble.setDown(on);
		else if (this.#d.memory) this.#d.memory.down = on;
		else throw new Error('LND down needs the LND double handle or memory Lightning');
	}

	failPayments(on: boolean): void {
		if (this.#d.lndDouble) this.#d.lndDouble.failPayments(on);
		else if (this.#d.memory) this.#d.memory.failPayments = on;
		else throw new Error('payment failure needs the LND double handle or memory Lightning');
	}

	/** The next admin-settle loses its guarded update after LND settled (§3.3 step 3). */
	injectSettleRace(): void {
		this.#ctx.faults.settleGuardRace = true;
	}

	/** Party closes keep their public events back until `releaseCloseEvents` (the console has not seen the close yet). */
	holdCloseEvents(): void {
		this.#ctx.faults.heldCloseEvents ??= [];
	}

	/** Publishes the held party-close events, in order, and publishes at once again from then on. */
	async releaseCloseEvents(): Promise<void> {
		const held = this.#ctx.faults.heldCloseEvents ?? [];
		this.#ctx.faults.heldCloseEvents = null;
		for (const run of held) await run();
	}

	/** The next dispute-open publish fails (DisputeEventError, rows and DMs already exist). */
	failNextDisputePublish(): void {
		this.#ctx.faults.failDisputePublish = true;
	}

	/** Corrupt the order's dispute flags (the "inconsistent flags" silent cases). */
	setDisputeFlags(orderId: string, flags: { buyer: boolean; seller: boolean }): void {
		const o = this.#mustOrder(orderId);
		o.buyerDispute = flags.buyer;
		o.sellerDispute = flags.seller;
	}

	/** Delete the order row (take then answers not_found). */
	deleteOrderRow(orderId: string): void {
		this.#ctx.store.orders.delete(orderId);
	}

	order(id: string): OrderRecord | undefined {
		const o = this.#ctx.store.orders.get(id);
		return o ? structuredClone(o) : undefined;
	}

	dispute(id: string): DisputeRecord | undefined {
		const d = this.#ctx.store.disputes.get(id);
		return d ? structuredClone(d) : undefined;
	}

	disputeOfOrder(orderId: string): DisputeRecord | undefined {
		const d = this.#ctx.store.disputeOfOrder(orderId);
		return d ? structuredClone(d) : undefined;
	}

	bonds(orderId: string): BondRecord[] {
		return structuredClone(this.#ctx.store.bondsOfOrder(orderId));
	}

	user(pubkey: string): UserRecord | undefined {
		const u = this.#ctx.store.users.get(pubkey);
		return u ? structuredClone(u) : undefined;
	}

	snapshot(): ReturnType<Ctx['store']['snapshot']> {
		return this.#ctx.store.snapshot();
	}

	/**
	 * Load rows saved with snapshot() by an earlier run (sandbox restarts). Escrowed orders and locked
	 * bonds get their hold invoice re-created with the same hash and paid again (the LND double
	 * forgets on stop), and, with the LND double, escrowed orders a fresh payout invoice.
	 */
	async restoreSnapshot(s: ReturnType<Ctx['store']['snapshot']>): Promise<void> {
		const ctx = this.#ctx;
		for (const u of s.users) ctx.store.users.set(u.pubkey, structuredClone(u));
		for (const d of s.disputes) ctx.store.disputes.set(d.id, structuredClone(d));
		for (const b of s.bonds) {
			ctx.store.bonds.set(b.id, structuredClone(b));
			// A locked bond's hold invoice is re-created and paid again, like an escrow.
			if (b.state !== 'locked') continue;
			await ctx.ln.addHoldInvoice({ hash: b.hash, tokens: b.amount, memo: `Bond for order #${b.orderId}`, cltvDelta: ctx.o.holdInvoiceCltvDelta });
			await ctx.ln.payHold(b.hash);
		}
		for (const saved of s.orders) {
			const o = structuredClone(saved);
			ctx.store.orders.set(o.id, o);
			if (!o.hash || !HELD.has(o.status)) continue;
			o.holdInvoice = await ctx.ln.addHoldInvoice({ hash: o.hash, tokens: o.amount + o.fee, memo: `Escrow amount Order #${o.id}`, cltvDelta: ctx.o.holdInvoiceCltvDelta });
			await ctx.ln.payHold(o.hash);
			ctx.watchHold(o);
			if (this.#d.lndDouble && o.buyerInvoice) o.buyerInvoice = this.#d.lndDouble.createInvoice({ tokens: o.amount - o.fee, description: `payout ${o.id}` }).request;
		}
		this.#d.refreshActiveKeys();
	}
}
