// A party's side of the dispute chat: waits for the node's `admin-took-dispute` notice on its
// trade key, derives the channel with the announced solver (ECDH(trade key, solver pubkey) →
// K_conv/K_sign), reads it (G2 and G1) and answers each solver message with the scripted lines:
// a greeting first, then the chat-key disclosure (K_conv or raw ECDH secret of the trade chat),
// encrypted proof files, or a statement (PROTOCOL.md §5.4, §5.5, §5.7; MOSTROD.md §2.3).
// Follows takeovers. On restart it answers only solver messages newer than its last reply.
// Must never disclose K_sign, nor answer its own echoes.
import { bytesToHex } from '@noble/hashes/utils.js';
import { readTookDisputePeer } from '../../src/lib/protocol/actions/admin-take-dispute.ts';
import type { ChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import { buildAttachmentMessage } from './attachment-upload.ts';
import { ChatSession, UnconfirmedPublish, type ChatLine } from './chat-session.ts';
import type { NodeDm } from './node-inbox.ts';
import { classifySolverMessage, disclosureLine, greetingLine, proofIntroLine, statementLine, statementTitle, type OrderFacts, type Persona, type Role } from './reply-scripts.ts';
import { buildSamplePdf, buildSamplePng } from './sample-files.ts';
import type { Key } from './trader-keys.ts';
import type { Trader } from './trader.ts';

export type DisclosedKeyKind = 'k-conv' | 'ecdh';
export type ProofFile = 'image' | 'pdf';

export type ResponderPlan = {
	orderId: string;
	role: Role;
	persona: Persona;
	/** What the party hands out when asked for its chat key. */
	disclose: DisclosedKeyKind;
	/** This party's end of the buyer⇄seller trade chat (the secret it discloses). */
	tradeChannel: ChatChannel;
	facts: OrderFacts;
	/** Files sent when asked for proof (default image then PDF). */
	proofFiles?: ProofFile[];
};

export type SentReply = { text: string; kind: 'greeting' | 'disclosure' | 'proof' | 'attachment' | 'statement'; at: number; outerId: string };

export class DisputeResponder {
	readonly trader: Trader;
	readonly trade: Key;
	readonly plan: ResponderPlan;
	readonly sent: SentReply[] = [];
	/** Outer ids of replies no relay confirmed (no OK in time, or refused): they may still be on a relay. */
	readonly unconfirmed: string[] = [];
	solverPubkey: string | null = null;
	session: ChatSession | null = null;
	#queue: Promise<void> = Promise.resolve();
	#greeted = false;
	#lastOwnAt = 0;
	#backlog: ChatLine[] = [];
	#stopped = false;

	constructor(trader: Trader, trade: Key, plan: ResponderPlan) {
		this.trader = trader;
		this.trade = trade;
		this.plan = plan;
	}

	async start(): Promise<void> {
		const inbox = await this.trader.inbox(this.trade);
		this.trader.onStop(() => this.stop());
		inbox.onMessage((dm) => this.#enqueue(() => this.#onDm(dm)));
		for (const dm of [...inbox.received]) this.#enqueue(() => this.#onDm(dm));
		await this.#queue;
	}

	#enqueue(f: () => Promise<void>): void {
		this.#queue = this.#queue.then(f).catch((err: unknown) => {
			if (!this.#stopped) console.error(`trader ${this.trader.name}: ${(err as Error).message}`);
		});
	}

	async #onDm(dm: NodeDm): Promise<void> {
		if (this.#stopped || dm.message.kind.id !== this.plan.orderId) return;
		const solver = readTookDisputePeer(dm.message);
		if (!solver || solver === this.solverPubkey) return;
		this.session?.close();
		this.solverPubkey = solver;
		this.#greeted = false;
		this.#lastOwnAt = 0;
		this.#backlog = [];
		const session = new ChatSession(this.trader.net, this.trade, solver, { onLine: (l) => this.#onLine(session, l) });
		this.session = session;
		await session.start();
		const pending = this.#backlog.filter((l) => l.inner.created_at > this.#lastOwnAt);
		this.#backlog = [];
		for (const l of pending) this.#enqueue(() => this.#answer(session, l));
	}

	#onLine(session: ChatSession, line: ChatLine): void {
		if (this.#stopped || session !== this.session) return;
		if (line.fromSelf) {
			this.#lastOwnAt = Math.max(this.#lastOwnAt, line.inner.created_at);
			this.#greeted = true;
			return;
		}
		if (line.backlog) this.#backlog.push(line);
		else this.#enqueue(() => this.#answer(session, line));
	}

	async #say(session: ChatSession, text: string, kind: SentReply['kind'], legacy: boolean): Promise<void> {
		if (this.#stopped || session !== this.session) return;
		let outerId: string;
		try {
			outerId = (await session.send(text, legacy ? 'g1' : 'g2')).outer.id;
		} catch (error) {
			if (error instanceof UnconfirmedPublish) this.unconfirmed.push(error.outer.id);
			throw error;
		}
		this.sent.push({ text, kind, at: Date.now(), outerId });
	}

	async #answer(session: ChatSession, line: ChatLine): Promise<void> {
		if (this.#stopped || session !== this.session) return;
		if (this.trader.replyDelayMs > 0) await new Promise((r) => setTimeout(r, this.trader.replyDelayMs));
		const t = this.trader;
		const p = this.plan;
		const legacy = line.generation !== 'g2';
		const label = `${t.name} ${line.inner.id}`;
		if (!this.#greeted) {
			this.#greeted = true;
			await this.#say(session, greetingLine(t.language, t.seed, label), 'greeting', legacy);
		}
		const ask = classifySolverMessage(line.text);
		if (ask === 'chat-key') {
			const secret = p.disclose === 'k-conv' ? p.tradeChannel.convSecret : p.tradeChannel.shared;
			await this.#say(session, disclosureLine(t.language, p.role, bytesToHex(secret)), 'disclosure', legacy);
		} else if (ask === 'proof') {
			await this.#sendProof(session, legacy);
		} else {
			await this.#say(session, statementLine(t.language, p.role, p.persona, p.facts, t.seed, label), 'statement', legacy);
		}
	}

	async #sendProof(session: ChatSession, legacy: boolean): Promise<void> {
		const t = this.trader;
		const p = this.plan;
		await this.#say(session, proofIntroLine(t.language, p.role), 'proof', legacy);
		if (!t.blobs) return;
		for (const kind of p.proofFiles ?? ['image', 'pdf']) {
			const file =
				kind === 'image'
					? buildSamplePng(`${t.seed} ${t.name} ${p.orderId}`)
					: buildSamplePdf(statementTitle(t.language), [
							`Order ${p.orderId}`,
							`${p.role === 'buyer' ? 'Outgoing' : 'Incoming'}: ${p.facts.fiatAmount} ${p.facts.fiatCode}`,
							`Method: ${p.facts.paymentMethod}`,
							`Reference: ${p.facts.reference}`
						]);
			const content = await buildAttachmentMessage(t.blobs, file, session.channel.shared, this.trade.sk);
			await this.#say(session, content, 'attachment', legacy);
		}
	}

	/** Resolves when every queued reply has been sent. */
	idle(): Promise<void> {
		return this.#queue;
	}

	stop(): void {
		this.#stopped = true;
		this.session?.close();
		this.session = null;
	}
}
