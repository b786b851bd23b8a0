// Assembly of the mostrod test double: resolves options, connects Lightning (LND over gRPC or
// in-memory) and the relays, publishes 38385 info + 10002 relay list (republished on a timer),
// subscribes live to `#p=[node] kinds=[transport kind]`, runs every inbound event through the
// intake gate and the router one at a time, watches trade hold invoices, runs the escrow
// guardian timer and the optional HTTP control endpoint (MOSTROD.md §0.3, §5.4, §7, §8.4).
// Must never leave a timer, socket, gRPC client or subscription open after `stop()`.
import { makerRatingTag } from './order-views.ts';
import { encodeNpub } from '../../src/lib/protocol/keys.ts';
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { KIND_GIFT_WRAP } from '../../src/lib/protocol/transport-v1.ts';
import { KIND_V2_MESSAGE } from '../../src/lib/protocol/transport-v2.ts';
import { AssistantSolver } from './assistant-solver.ts';
import { MostrodControl } from './control-api.ts';
import { startControlServer, type ControlServer } from './control-http.ts';
import type { Ctx } from './daemon-context.ts';
import { DmOutbox, type SentDm } from './dm-outbox.ts';
import { runGuardian } from './escrow-guardian.ts';
import { IntakeGate } from './intake-gate.ts';
import { MemoryLightning, type LightningPort } from './lightning-port.ts';
import { isLndDoubleHandle, LndLightning } from './lnd-lightning.ts';
import { routeMessage, type RouteOutcome } from './message-router.ts';
import { resolveOptions, type MostrodOptions, type ResolvedOptions } from './options.ts';
import { reactToHoldState } from './order-lifecycle.ts';
import { startPayout } from './payout.ts';
import { Publisher } from './publisher.ts';
import { RelayPool } from './relay-link.ts';
import { StateStore } from './state-store.ts';

export type IntakeRecord = { eventId: string; accepted: boolean; reason?: string; action?: string; outcome?: RouteOutcome; at: number };

export class MostrodDouble extends MostrodControl {
	readonly pubkey: string;
	readonly npub: string;
	readonly secretKey: Uint8Array;
	readonly relays: string[];
	readonly protocolVersion: 1 | 2;
	controlUrl: string | null = null;
	/** The node's assistant solver, played by the double when `assistantSecretKey` is given (UPSTREAM-0.19.md §8). */
	readonly assistant: AssistantSolver | null;
	/** Every inbound event and what became of it (newest last, capped). */
	readonly intake: IntakeRecord[] = [];
	readonly #ctx: Ctx;
	readonly #pool: RelayPool;
	readonly #gate: IntakeGate;
	readonly #intervals: Array<ReturnType<typeof setInterval>> = [];
	readonly #unwatch = new Map<string, () => void>();
	#http: ControlServer | null = null;
	#chain: Promise<void> = Promise.resolve();
	#stopped: Promise<void> | null = null;

	constructor(o: ResolvedOptions, ctx: Ctx, pool: RelayPool, gate: IntakeGate, memory: MemoryLightning | null) {
		const lndDouble = o.lnd && isLndDoubleHandle(o.lnd) ? o.lnd : null;
		super({ ctx, lndDouble, memory, refreshActiveKeys: () => gate.refreshActiveKeys() });
		this.pubkey = o.pubkey;
		this.npub = encodeNpub(o.pubkey);
		this.secretKey = o.secretKey;
		this.relays = o.relays;
		this.protocolVersion = o.protocolVersion;
		this.#ctx = ctx;
		this.#pool = pool;
		this.#gate = gate;
		this.assistant = o.assistantSecretKey ? new AssistantSolver({ ctx, nodePubkey: o.pubkey, secretKey: o.assistantSecretKey, publish: (event) => pool.publish(event) }) : null;
	}

	/** @internal wiring used by startMostrod. */
	async start(o: ResolvedOptions): Promise<void> {
		const ctx = this.#ctx;
		ctx.watchHold = (order) => {
			if (!order.hash || this.#unwatch.has(order.hash)) return;
			const id = order.id;
			this.#unwatch.set(
				order.hash,
				ctx.ln.watch(order.hash, (state) => {
					const current = ctx.store.orders.get(id);
					if (current) reactToHoldState(ctx, current, state);
				})
			);
		};
		ctx.startPayout = (order) => startPayout(ctx, order);
		await this.publishInfo();
		await ctx.publisher.publishRelayList();
		const kind = o.protocolVersion === 2 ? KIND_V2_MESSAGE : KIND_GIFT_WRAP;
		await this.#pool.subscribe([{ kinds: [kind], '#p': [o.pubkey], limit: 0 }], (e) => this.#enqueue(e));
		if (o.infoIntervalMs > 0) this.#intervals.push(setInterval(() => void this.publishInfo(), o.infoIntervalMs));
		if (o.guardianIntervalMs > 0) this.#intervals.push(setInterval(() => void runGuardian(ctx), o.guardianIntervalMs));
		if (o.controlPort !== undefined) {
			this.#http = await startControlServer(this, o.controlPort);
			this.controlUrl = this.#http.url;
		}
	}

	#enqueue(e: NostrEvent): void {
		this.#chain = this.#chain.then(() => this.#process(e)).catch((err: unknown) => this.#ctx.o.log(`intake: ${String(err)}`));
	}

	async #process(e: NostrEvent): Promise<void> {
		if (this.#stopped) return;
		const verdict = this.#gate.check(e);
		const rec: IntakeRecord = { eventId: typeof e?.id === 'string' ? e.id : '', accepted: verdict.ok, at: this.#ctx.o.clock() };
		this.intake.push(rec);
		if (this.intake.length > 2000) this.intake.shift();
		if (!verdict.ok) {
			rec.reason = verdict.reason;
			this.#ctx.o.log(`dropped ${rec.eventId}: ${verdict.reason}`);
			return;
		}
		rec.action = verdict.inbound.message.kind.action;
		rec.outcome = await routeMessage(this.#ctx, verdict.inbound);
		this.#gate.refreshActiveKeysIfDue();
	}

	/** Feed an event into the intake pipeline as if a relay delivered it (tests of checks relays would pre-empt). */
	async injectEvent(e: unknown): Promise<IntakeRecord | undefined> {
		this.#enqueue(e as NostrEvent);
		await this.#chain;
		return this.intake.at(-1);
	}

	/** Publish (again) the 38385 info event. */
	async publishInfo(): Promise<boolean> {
		const ln = await this.#ctx.ln.info().catch(() => null);
		return this.#ctx.publisher.publishInfo(ln);
	}

	/** Switch maintenance mode and republish the info event at once, as the daemon does (UPSTREAM-0.19.md §3). */
	async setMaintenanceMode(on: boolean): Promise<boolean> {
		this.#ctx.o.maintenanceMode = on;
		return this.publishInfo();
	}

	/** Rebuild the v2 spam gate's active-key cache now (the daemon does it every 60 s). */
	refreshActiveKeys(): void {
		this.#gate.refreshActiveKeys();
	}

	/** DMs sent so far (direct and queued), oldest first. */
	sentDms(): SentDm[] {
		return [...this.#ctx.outbox.sent];
	}

	/** Queued DMs not yet flushed. */
	pendingDms(): number {
		return this.#ctx.outbox.pending();
	}

	/** Public events signed so far, oldest first. */
	publishedEvents(): NostrEvent[] {
		return [...this.#ctx.publisher.published];
	}

	/** Wait until every request received so far has been handled. */
	async idle(): Promise<void> {
		await this.#chain;
	}

	stop(): Promise<void> {
		this.#stopped ??= (async () => {
			for (const t of this.#intervals) clearInterval(t);
			for (const t of this.#ctx.timers) clearTimeout(t);
			this.#ctx.timers.clear();
			for (const u of this.#unwatch.values()) u();
			this.#unwatch.clear();
			this.#ctx.outbox.stop();
			await this.#chain.catch(() => undefined);
			if (this.#http) await this.#http.close();
			this.#ctx.ln.close();
			await this.#pool.close();
		})();
		return this.#stopped;
	}
}

/** Start the node double. Rejects when a relay cannot be reached. */
export async function startMostrod(options: MostrodOptions): Promise<MostrodDouble> {
	const o = resolveOptions(options);
	const memory = o.lnd ? null : new MemoryLightning();
	const ln: LightningPort = o.lnd ? new LndLightning(o.lnd) : (memory as MemoryLightning);
	const store = new StateStore();
	const now = Math.floor(o.clock() / 1000);
	for (const s of o.solvers) {
		store.insertUser({ pubkey: s.pubkey, isAdmin: false, isSolver: true, isBanned: false, category: s.permission === 'read' ? 1 : 2, lastTradeIndex: 0, totalRating: 0, totalReviews: 0, createdAt: now });
	}
	// v0.19.1 boot guard (UPSTREAM-0.19.md §8): the assistant is registered as a read solver when it has no row.
	if (o.assistantPubkey && !store.users.has(o.assistantPubkey)) {
		store.insertUser({ pubkey: o.assistantPubkey, isAdmin: false, isSolver: true, isBanned: false, category: 1, lastTradeIndex: 0, totalRating: 0, totalReviews: 0, createdAt: now });
	}
	let pool: RelayPool;
	try {
		pool = await RelayPool.open(o.relays);
	} catch (err) {
		ln.close();
		throw err;
	}
	const publisher = new Publisher(o, pool, (order, now) => makerRatingTag(store, order, now));
	const outbox = new DmOutbox(o, pool);
	const ctx: Ctx = {
		o,
		store,
		publisher,
		outbox,
		ln,
		faults: { silent: false, settleGuardRace: false, failDisputePublish: false, heldCloseEvents: null },
		selfCanceled: new Set(),
		timers: new Set(),
		watchHold: () => undefined,
		startPayout: () => undefined
	};
	const gate = new IntakeGate(o, store);
	const double = new MostrodDouble(o, ctx, pool, gate, memory);
	try {
		await double.start(o);
	} catch (err) {
		await double.stop();
		throw err;
	}
	return double;
}
