// Invoice store and hold-invoice state machine of the LND double (MOSTROD.md §8): OPEN →
// ACCEPTED (an HTLC arrives; its expiry height = acceptance height + cltv_expiry) →
// SETTLED (preimage whose sha256 is the hash) or CANCELED; regular invoices go OPEN →
// SETTLED when paid. Held HTLCs are cancelled by the node when the chain reaches
// expiry_height − holdExpiryDelta, as LND does. It must never settle without the matching
// preimage nor change a SETTLED or CANCELED invoice.
import { createHash, randomBytes } from 'node:crypto';
import { LndError } from './lnd-errors.ts';

export type InvoiceState = 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED';
export type HtlcState = 'ACCEPTED' | 'SETTLED' | 'CANCELED';

export type HtlcRecord = {
	chanId: string;
	htlcIndex: number;
	amountMsat: bigint;
	acceptHeight: number;
	acceptTime: number;
	resolveTime: number;
	expiryHeight: number;
	state: HtlcState;
};

export type InvoiceRecord = {
	hash: string;
	/** Known from creation for regular invoices, from settlement for hold invoices. */
	preimage: string | null;
	isHold: boolean;
	memo: string;
	valueMsat: bigint;
	creationDate: number;
	expirySeconds: number;
	cltvExpiry: number;
	paymentRequest: string;
	paymentAddr: string;
	addIndex: number;
	settleIndex: number;
	settleDate: number;
	state: InvoiceState;
	amountPaidMsat: bigint;
	htlcs: HtlcRecord[];
};

export type NewInvoice = {
	hash: string;
	preimage: string | null;
	memo: string;
	valueMsat: bigint;
	expirySeconds: number;
	cltvExpiry: number;
	/** Builds the signed BOLT-11 request once the payment secret is chosen. */
	encode(paymentAddr: Uint8Array, creationDate: number): string;
};

export const sha256Hex = (hex: string): string => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class InvoiceBook {
	readonly #invoices = new Map<string, InvoiceRecord>();
	readonly #listeners = new Set<(invoice: InvoiceRecord) => void>();
	readonly #chanId: string;
	#addIndex = 0;
	#settleIndex = 0;
	#htlcIndex = 0;

	/** `chanId` is the short channel id HTLCs appear to arrive on. */
	constructor(chanId: string) {
		this.#chanId = chanId;
	}

	/** Listen to every state change; returns the unsubscribe function. */
	onChange(listener: (invoice: InvoiceRecord) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	add(input: NewInvoice): InvoiceRecord {
		if (!/^[0-9a-f]{64}$/.test(input.hash)) throw new LndError('INVALID_ARGUMENT', 'payment hash must be exactly 32 bytes');
		if (this.#invoices.has(input.hash)) throw new LndError('ALREADY_EXISTS', 'invoice with payment hash already exists');
		const paymentAddr = randomBytes(32);
		const creationDate = nowSeconds();
		this.#addIndex += 1;
		const record: InvoiceRecord = {
			hash: input.hash,
			preimage: input.preimage,
			isHold: input.preimage === null,
			memo: input.memo,
			valueMsat: input.valueMsat,
			creationDate,
			expirySeconds: input.expirySeconds,
			cltvExpiry: input.cltvExpiry,
			paymentRequest: input.encode(paymentAddr, creationDate),
			paymentAddr: paymentAddr.toString('hex'),
			addIndex: this.#addIndex,
			settleIndex: 0,
			settleDate: 0,
			state: 'OPEN',
			amountPaidMsat: 0n,
			htlcs: []
		};
		this.#invoices.set(record.hash, record);
		this.#emit(record);
		return record;
	}

	/** The invoice for a hash. Throws NOT_FOUND 'unable to locate invoice'. */
	get(hash: string): InvoiceRecord {
		const record = this.#invoices.get(hash.toLowerCase());
		if (!record) throw new LndError('NOT_FOUND', 'unable to locate invoice');
		return record;
	}

	find(hash: string): InvoiceRecord | undefined {
		return this.#invoices.get(hash.toLowerCase());
	}

	/**
	 * An HTLC pays the invoice at chain height `height`: a hold invoice becomes ACCEPTED, a
	 * regular one SETTLED. Throws FAILED_PRECONDITION unless the invoice is OPEN.
	 */
	pay(hash: string, height: number, amountMsat?: bigint): InvoiceRecord {
		const record = this.get(hash);
		if (record.state !== 'OPEN') throw new LndError('FAILED_PRECONDITION', `invoice is ${record.state.toLowerCase()}`);
		const amount = amountMsat ?? record.valueMsat;
		if (amount <= 0n || amount < record.valueMsat) throw new LndError('INVALID_ARGUMENT', 'payment amount below invoice amount');
		const now = nowSeconds();
		this.#htlcIndex += 1;
		record.htlcs.push({
			chanId: this.#chanId,
			htlcIndex: this.#htlcIndex,
			amountMsat: amount,
			acceptHeight: height,
			acceptTime: now,
			resolveTime: 0,
			expiryHeight: height + record.cltvExpiry,
			state: 'ACCEPTED'
		});
		record.amountPaidMsat = amount;
		if (record.isHold) {
			record.state = 'ACCEPTED';
			this.#emit(record);
		} else {
			this.#settle(record, now);
		}
		return record;
	}

	/** SettleInvoice: the preimage picks the invoice. Settling twice is a no-op, as in LND. */
	settle(preimage: string): InvoiceRecord {
		if (!/^[0-9a-f]{64}$/.test(preimage)) throw new LndError('INVALID_ARGUMENT', 'preimage must be exactly 32 bytes');
		const record = this.get(sha256Hex(preimage));
		if (record.state === 'SETTLED') return record;
		if (record.state === 'OPEN') throw new LndError('FAILED_PRECONDITION', 'invoice still open');
		if (record.state === 'CANCELED') throw new LndError('FAILED_PRECONDITION', 'invoice already canceled');
		record.preimage = preimage;
		this.#settle(record, nowSeconds());
		return record;
	}

	/** CancelInvoice. Cancelling a canceled invoice is a no-op; a settled one is refused. */
	cancel(hash: string): InvoiceRecord {
		const record = this.get(hash);
		if (record.state === 'CANCELED') return record;
		if (record.state === 'SETTLED') throw new LndError('FAILED_PRECONDITION', 'invoice already settled');
		this.#cancel(record, nowSeconds());
		return record;
	}

	/** New chain height: cancel held invoices whose HTLC is within `holdExpiryDelta` of expiry. */
	onBlock(height: number, holdExpiryDelta: number): void {
		for (const record of this.#invoices.values()) {
			if (record.state !== 'ACCEPTED') continue;
			const horizon = Math.min(...record.htlcs.filter((h) => h.state === 'ACCEPTED').map((h) => h.expiryHeight));
			if (height >= horizon - holdExpiryDelta) this.#cancel(record, nowSeconds());
		}
	}

	list(): InvoiceRecord[] {
		return [...this.#invoices.values()];
	}

	#settle(record: InvoiceRecord, now: number): void {
		this.#settleIndex += 1;
		record.state = 'SETTLED';
		record.settleIndex = this.#settleIndex;
		record.settleDate = now;
		for (const htlc of record.htlcs) {
			htlc.state = 'SETTLED';
			htlc.resolveTime = now;
		}
		this.#emit(record);
	}

	#cancel(record: InvoiceRecord, now: number): void {
		record.state = 'CANCELED';
		for (const htlc of record.htlcs) {
			htlc.state = 'CANCELED';
			htlc.resolveTime = now;
		}
		this.#emit(record);
	}

	#emit(record: InvoiceRecord): void {
		for (const listener of [...this.#listeners]) listener(record);
	}
}
