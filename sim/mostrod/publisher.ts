// Public events of the node double, signed with the node key (MOSTROD.md §1.4, §9.2, §9.3;
// PROTOCOL.md §1.1, §1.3): 38385 info, 38383 orders (NIP-69 status buckets), 38386 disputes
// (or the legacy 38383 `z=dispute` form), and the 10002 relay list. Revisions of one `d` get
// strictly increasing created_at. Must never publish an order status that has no NIP-69 bucket.
import { signEvent, type NostrEvent, type Tag } from '../../src/lib/protocol/event.ts';
import { buildDisputeEventTemplate } from '../../src/lib/protocol/events/dispute-event.ts';
import { KIND_INFO, KIND_ORDER } from '../../src/lib/protocol/events/common.ts';
import type { NodeInfo } from './lightning-port.ts';
import type { ResolvedOptions } from './options.ts';
import type { RelayPool } from './relay-link.ts';
import type { DisputeRecord, OrderRecord } from './state-store.ts';

/** §9.3: the published `s` of an internal order status, or null when nothing is published. */
export function orderBucket(o: Pick<OrderRecord, 'status' | 'kind'>): string | null {
	switch (o.status) {
		case 'pending':
		case 'waiting-taker-bond':
			return 'pending';
		case 'waiting-buyer-invoice':
			return o.kind === 'sell' ? 'in-progress' : null;
		case 'waiting-payment':
			return o.kind === 'buy' ? 'in-progress' : null;
		case 'canceled':
		case 'canceled-by-admin':
		case 'cooperatively-canceled':
		case 'expired':
			return 'canceled';
		case 'success':
			return 'success';
		case 'completed-by-admin':
			return 'completed-by-admin';
		default:
			return null;
	}
}

export type InitiatorSide = 'buyer' | 'seller' | 'unknown';

export class Publisher {
	readonly #o: ResolvedOptions;
	readonly #pool: RelayPool;
	readonly #lastAt = new Map<string, number>();
	/** Every event this double signed, newest last (for tests and the control API). */
	readonly published: NostrEvent[] = [];

	readonly #makerRating: (o: OrderRecord, now: number) => string | null;

	/** `makerRating` gives the order's `rating` tag value (reputation mode) or null. */
	constructor(o: ResolvedOptions, pool: RelayPool, makerRating: (o: OrderRecord, now: number) => string | null = () => null) {
		this.#o = o;
		this.#pool = pool;
		this.#makerRating = makerRating;
	}

	#now(): number {
		return Math.floor(this.#o.clock() / 1000);
	}

	/** created_at strictly after the previous revision of the same address (MOSTROD.md §1.4, 792a8b3). */
	#stamp(address: string): number {
		const prev = this.#lastAt.get(address);
		const at = prev !== undefined && prev >= this.#now() ? prev + 1 : this.#now();
		this.#lastAt.set(address, at);
		return at;
	}

	#y(): Tag {
		return this.#o.instanceName ? ['y', 'mostro', this.#o.instanceName] : ['y', 'mostro'];
	}

	async #publish(event: NostrEvent): Promise<boolean> {
		this.published.push(event);
		if (this.published.length > 5000) this.published.shift();
		const ok = await this.#pool.publish(event);
		if (!ok) this.#o.log(`publish of kind ${event.kind} ${event.id} was not accepted by any relay`);
		return ok;
	}

	buildDispute(d: DisputeRecord, initiator: InitiatorSide): NostrEvent {
		const at = this.#stamp(`dispute:${d.id}`);
		const t = buildDisputeEventTemplate({
			disputeId: d.id,
			status: d.status,
			initiator,
			openedAt: d.createdAt,
			now: at,
			expirationDays: this.#o.disputeDays,
			instanceName: this.#o.instanceName,
			legacy: this.#o.legacyDisputes
		});
		if (this.#o.legacyDisputes) t.tags = t.tags.map((tag) => (tag[0] === 'y' ? ['y', 'mostro'] : tag));
		return signEvent(t, this.#o.secretKey);
	}

	publishEvent(event: NostrEvent): Promise<boolean> {
		return this.#publish(event);
	}

	async publishDispute(d: DisputeRecord, initiator: InitiatorSide): Promise<boolean> {
		return this.#publish(this.buildDispute(d, initiator));
	}

	/** Publishes the order's bucket; resolves false (and publishes nothing) when it has none. */
	async publishOrder(o: OrderRecord): Promise<boolean> {
		const s = orderBucket(o);
		if (s === null) return false;
		const at = this.#stamp(`order:${o.id}`);
		const tags: Tag[] = [
			['d', o.id],
			['k', o.kind],
			['f', o.fiatCode],
			['s', s],
			['amt', String(o.amount)],
			o.minAmount !== null && o.maxAmount !== null && s === 'pending' ? ['fa', String(o.minAmount), String(o.maxAmount)] : ['fa', String(o.fiatAmount)],
			[
				'pm',
				...o.paymentMethod
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean)
			],
			['premium', String(o.premium)]
		];
		const rating = this.#makerRating(o, at);
		if (rating !== null) tags.push(['rating', rating]);
		if (s === 'pending') tags.push(['source', `mostro:${o.id}?relays=${this.#o.relays.join(',')}&mostro=${this.#o.pubkey}`]);
		tags.push(['network', 'regtest'], ['layer', 'lightning'], ['expires_at', String(o.expiresAt)]);
		tags.push(['expiration', String(s === 'pending' ? o.expiresAt : at + this.#o.orderDays * 86400)]);
		tags.push(this.#y(), ['z', 'order']);
		return this.#publish(signEvent({ kind: KIND_ORDER, created_at: at, content: '', tags }, this.#o.secretKey));
	}

	async publishInfo(ln: NodeInfo | null): Promise<boolean> {
		const o = this.#o;
		const at = this.#stamp('info');
		const pfc = o.protocolVersion === 2 ? Math.max(o.pow, o.powFirstContact) : o.pow;
		const tags: Tag[] = [
			['d', o.pubkey],
			['mostro_version', o.version],
			['mostro_commit_hash', 'mostrod-double'],
			['max_order_amount', '1000000'],
			['min_order_amount', '100'],
			['expiration_hours', String(o.expirationHours)],
			['expiration_seconds', '900'],
			['fee', String(o.fee)],
			['pow', String(o.pow)],
			...(o.advertisePowFirstContact ? [['pow_first_contact', String(pfc)]] : []),
			['hold_invoice_expiration_window', '120'],
			['hold_invoice_cltv_delta', String(o.holdInvoiceCltvDelta)],
			['invoice_expiration_window', '120'],
			['protocol_version', o.infoProtocolVersionTag ?? String(o.protocolVersion)],
			['bond_enabled', String(o.bondEnabled)]
		];
		if (o.infoProtocolVersionTag === null)
			tags.splice(
				tags.findIndex((t) => t[0] === 'protocol_version'),
				1
			);
		if (o.maintenanceTag) tags.push(['maintenance_mode', String(o.maintenanceMode)]);
		if (o.assistantPubkey && o.assistantTag) tags.push(['serbero', o.assistantPubkey]);
		if (o.bondEnabled) {
			tags.push(
				['bond_apply_to', o.bondApplyTo],
				['bond_amount_pct', String(o.bondAmountPct)],
				['bond_base_amount_sats', String(o.bondBaseAmountSats)],
				['bond_slash_on_waiting_timeout', 'false'],
				['bond_slash_node_share_pct', '1'],
				['bond_payout_claim_window_days', '7']
			);
		}
		if (ln) {
			tags.push(['lnd_version', ln.version], ['lnd_node_pubkey', ln.pubkey], ['lnd_commit_hash', 'lnd-double'], ['lnd_node_alias', ln.alias], ['lnd_chains', ln.chains], ['lnd_networks', ln.networks], ['lnd_uris', ln.uris]);
		}
		tags.push(this.#y(), ['z', 'info']);
		const kind = o.legacyInfo ? KIND_ORDER : KIND_INFO;
		return this.#publish(signEvent({ kind, created_at: at, content: '', tags }, o.secretKey));
	}

	async publishRelayList(): Promise<boolean> {
		const at = this.#stamp('relays');
		const tags: Tag[] = this.#o.relays.map((r) => ['r', r]);
		return this.#publish(signEvent({ kind: 10002, created_at: at, content: '', tags }, this.#o.secretKey));
	}
}
