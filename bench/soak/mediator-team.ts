// The soak benchmark's scripted mediator team: two mediators share the trickled disputes; for
// each one the holder takes it, asks both parties for proof of payment (the traders answer with
// a PNG and a PDF), asks the buyer for the trade chat key, imports the evidence from the
// disclosing message, proposes a settle or a refund, and the other mediator approves it (four-eyes
// applies to every amount). Every step goes through the console's own commands (console-child.ts)
// and is idempotent against restarts: before acting it reads the console's database for whether
// the step already happened, so a command lost with a killed console is repeated, a completed
// one never; a chat line no relay accepted is sent again with "Send again" (the same event).
// Must never act on a dispute it was not given, nor write the same chat line twice.
import type { ConsoleHandle } from './console-handle.ts';
import type { ConsoleDb } from './console-db.ts';

export type Mediator = { id: number; name: string; role: 'mediator' };

export const PROOF_REQUEST = 'Hello, I am reviewing this dispute. Please send proof of the payment (a screenshot or the receipt).';
export const KEY_REQUEST = 'Please share the chat key of your conversation with the other party.';

export type TeamStats = { started: number; taken: number; resent: number; imported: number; proposed: number; approved: number; gaveUp: Record<string, number>; refused: Record<string, number>; errors: number; lastErrors: string[] };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class MediatorTeam {
	readonly stats: TeamStats = { started: 0, taken: 0, resent: 0, imported: 0, proposed: 0, approved: 0, gaveUp: {}, refused: {}, errors: 0, lastErrors: [] };
	readonly #console: ConsoleHandle;
	readonly #db: ConsoleDb;
	readonly #team: Mediator[];
	readonly #running = new Map<string, Promise<void>>();
	#stopping = false;

	constructor(console_: ConsoleHandle, db: ConsoleDb, team: Mediator[]) {
		this.#console = console_;
		this.#db = db;
		this.#team = team;
	}

	/** Starts working on a dispute (once). */
	handle(disputeId: string, index: number): void {
		if (this.#running.has(disputeId) || this.#stopping) return;
		this.stats.started++;
		this.#running.set(
			disputeId,
			this.#work(disputeId, index).catch((e: unknown) => this.#error(`${disputeId}: ${(e as Error).message}`))
		);
	}

	/** Lets every started dispute run to its end (bounded), starting nothing new meanwhile. */
	async drain(timeoutMs: number): Promise<void> {
		await Promise.race([Promise.allSettled([...this.#running.values()]), pause(timeoutMs)]);
	}

	/** Stops starting steps and waits (bounded) for the ones in flight. */
	async stop(timeoutMs = 60_000): Promise<void> {
		this.#stopping = true;
		await Promise.race([Promise.allSettled(this.#running.values()), pause(timeoutMs)]);
	}

	#error(message: string): void {
		this.stats.errors++;
		this.stats.lastErrors = [...this.stats.lastErrors.slice(-9), message.slice(0, 200)];
	}

	/**
	 * Repeats `act` until `done` holds (checked first, and after every attempt); false when it gave
	 * up, or when the console refused with an error matching `final` (a true answer, not a fault).
	 */
	async #step(name: string, done: () => boolean, act: () => Promise<unknown>, attempts = 40, final: RegExp | null = null): Promise<boolean> {
		for (let i = 0; i < attempts && !this.#stopping; i++) {
			if (this.#safe(done)) return true;
			if (this.#console.up) {
				try {
					await act();
				} catch (e) {
					if (final?.test((e as Error).message)) {
						this.stats.refused[name] = (this.stats.refused[name] ?? 0) + 1;
						return false;
					}
					this.#error(`${name}: ${(e as Error).message}`);
				}
			}
			if (this.#safe(done)) return true;
			await pause(5000);
		}
		if (!this.#stopping) this.stats.gaveUp[name] = (this.stats.gaveUp[name] ?? 0) + 1;
		return false;
	}

	async #until(name: string, done: () => boolean, timeoutMs: number): Promise<boolean> {
		const end = Date.now() + timeoutMs;
		while (!this.#stopping && Date.now() < end) {
			if (this.#safe(done)) return true;
			await pause(1000);
		}
		if (!this.#stopping) this.stats.gaveUp[name] = (this.stats.gaveUp[name] ?? 0) + 1;
		return false;
	}

	#safe(f: () => boolean): boolean {
		try {
			return f();
		} catch {
			return false;
		}
	}

	/** Our message as stored: its id, and whether a relay accepted it. */
	#stored(disputeId: string, party: string, text: string): { id: number; accepted: boolean } | null {
		const row = this.#db.one<{ id: number; delivery: string }>('SELECT id, delivery FROM chat_messages WHERE dispute_id = ? AND party = ? AND direction = ? AND content = ?', disputeId, party, 'out', text);
		return row ? { id: row.id, accepted: row.delivery.includes('"accepted":true') } : null;
	}

	/** Asked once: written (as a mediator does) or, stored but accepted by no relay, sent again with the case page's "Send again". */
	#say(req: (op: string, args?: Record<string, unknown>) => Promise<unknown>, who: Mediator, disputeId: string, party: string, text: string): Promise<boolean> {
		return this.#step(
			text === KEY_REQUEST ? 'ask-key' : 'ask-proof',
			() => this.#stored(disputeId, party, text)?.accepted === true,
			() => {
				const stored = this.#stored(disputeId, party, text);
				if (stored) this.stats.resent++;
				return stored ? req('chat-resend', { who, messageId: stored.id }) : req('chat', { who, party, text });
			}
		);
	}

	async #work(disputeId: string, index: number): Promise<void> {
		const holder = this.#team[index % this.#team.length] as Mediator;
		const reviewer = this.#team[(index + 1) % this.#team.length] as Mediator;
		const req = (op: string, args: Record<string, unknown> = {}) => this.#console.request(op, { disputeId, ...args });
		if (!(await this.#until('seen', () => this.#db.one('SELECT 1 AS x FROM disputes WHERE id = ?', disputeId) !== undefined, 180_000))) return;
		const held = () => this.#db.one('SELECT 1 AS x FROM disputes d JOIN dispute_info i ON i.dispute_id = d.id WHERE d.id = ? AND d.holder_user_id = ?', disputeId, holder.id) !== undefined;
		if (!(await this.#step('take', held, () => req('take', { who: holder })))) return;
		this.stats.taken++;
		for (const party of ['buyer', 'seller']) if (!(await this.#say(req, holder, disputeId, party, PROOF_REQUEST))) return;
		if (!(await this.#say(req, holder, disputeId, 'buyer', KEY_REQUEST))) return;
		const disclosed = () => this.#db.all<{ content: string }>('SELECT content FROM chat_messages WHERE dispute_id = ? AND party = ? AND direction = ?', disputeId, 'buyer', 'in').some((m) => /[0-9a-f]{64}/i.test(m.content));
		const imported = () => this.#db.one('SELECT 1 AS x FROM evidence_keys WHERE dispute_id = ?', disputeId) !== undefined;
		if (imported() || (await this.#until('disclosure', disclosed, 120_000))) {
			if (await this.#step('import', imported, () => req('import', { who: holder, party: 'buyer' }), 20, /evidence\.error\.no_messages/)) this.stats.imported++;
		}
		const decision = () => this.#db.one<{ id: number; state: string }>('SELECT id, state FROM decisions WHERE dispute_id = ? ORDER BY id DESC', disputeId);
		const outcome = index % 2 === 0 ? 'settle' : 'cancel';
		if (
			!(await this.#step(
				'propose',
				() => decision() !== undefined,
				() => req('propose', { who: holder, outcome })
			))
		)
			return;
		this.stats.proposed++;
		const reviewed = () => decision()?.state !== 'proposed';
		if (await this.#step('approve', reviewed, () => req('approve', { who: reviewer, decisionId: decision()?.id ?? 0 }))) this.stats.approved++;
	}
}
