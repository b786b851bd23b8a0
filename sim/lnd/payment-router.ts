// Outgoing payments of the LND double (routerrpc SendPaymentV2 / TrackPaymentV2 semantics,
// MOSTROD.md §8.1): a payment to one of the double's own invoices pays it through the
// InvoiceBook (a hold invoice keeps the payment IN_FLIGHT until settled or canceled); any
// other payee has no route. Failure injection makes every new payment fail with NO_ROUTE.
// It must never report SUCCEEDED without a preimage that hashes to the payment hash.
import { decodeInvoice } from './bolt11-decoder.ts';
import type { InvoiceBook, InvoiceRecord } from './invoice-book.ts';
import { LndError } from './lnd-errors.ts';

export type PaymentStatus = 'IN_FLIGHT' | 'SUCCEEDED' | 'FAILED';
export type FailureReason = 'FAILURE_REASON_NONE' | 'FAILURE_REASON_NO_ROUTE' | 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS';

export type PaymentRecord = {
	hash: string;
	request: string;
	valueMsat: bigint;
	payee: string;
	paymentSecret: string | null;
	status: PaymentStatus;
	failureReason: FailureReason;
	preimage: string | null;
	index: number;
	createdNs: bigint;
	resolvedNs: bigint;
	/** Absolute CLTV of the single route hop. */
	timeLock: number;
};

export type RouterContext = {
	book: InvoiceBook;
	ownPubkey: string;
	network: string;
	height(): number;
	failing(): boolean;
};

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class PaymentRouter {
	readonly #payments = new Map<string, PaymentRecord>();
	readonly #listeners = new Set<(payment: PaymentRecord) => void>();
	readonly #context: RouterContext;
	#index = 0;

	constructor(context: RouterContext) {
		this.#context = context;
		context.book.onChange((invoice) => this.#onInvoice(invoice));
	}

	onChange(listener: (payment: PaymentRecord) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get(hash: string): PaymentRecord | undefined {
		return this.#payments.get(hash);
	}

	list(): PaymentRecord[] {
		return [...this.#payments.values()];
	}

	/**
	 * Start paying a BOLT-11 request. Returns the IN_FLIGHT payment; its outcome follows
	 * through `onChange`. Throws INVALID_ARGUMENT for a bad request or amount,
	 * ALREADY_EXISTS when the hash is already paid or in flight.
	 */
	send(request: string, amountMsat: bigint | null): PaymentRecord {
		let decoded;
		try {
			decoded = decodeInvoice(request);
		} catch (error) {
			throw new LndError('INVALID_ARGUMENT', `invalid payment request: ${error instanceof Error ? error.message : ''}`);
		}
		if (decoded.network !== this.#context.network) throw new LndError('INVALID_ARGUMENT', 'invoice not for current active network');
		const previous = this.#payments.get(decoded.paymentHash);
		if (previous?.status === 'SUCCEEDED') throw new LndError('ALREADY_EXISTS', 'invoice is already paid');
		if (previous?.status === 'IN_FLIGHT') throw new LndError('ALREADY_EXISTS', 'payment is in transition');
		const value = decoded.amountMsat ?? amountMsat;
		if (value === null || value <= 0n) {
			throw new LndError('INVALID_ARGUMENT', 'amount must be specified when paying a zero amount invoice');
		}
		if (decoded.amountMsat !== null && amountMsat !== null && amountMsat !== decoded.amountMsat) {
			throw new LndError('INVALID_ARGUMENT', 'amount must not be specified when paying a non-zero amount invoice');
		}
		if (decoded.timestamp + decoded.expirySeconds < Math.floor(Date.now() / 1000)) {
			throw new LndError('INVALID_ARGUMENT', 'invoice expired');
		}
		this.#index += 1;
		const payment: PaymentRecord = {
			hash: decoded.paymentHash,
			request,
			valueMsat: value,
			payee: decoded.payee,
			paymentSecret: decoded.paymentSecret,
			status: 'IN_FLIGHT',
			failureReason: 'FAILURE_REASON_NONE',
			preimage: null,
			index: this.#index,
			createdNs: nowNs(),
			resolvedNs: 0n,
			timeLock: this.#context.height() + decoded.minFinalCltvExpiry
		};
		this.#payments.set(payment.hash, payment);
		this.#emit(payment);
		setImmediate(() => this.#route(payment));
		return payment;
	}

	#route(payment: PaymentRecord): void {
		const invoice = payment.payee === this.#context.ownPubkey ? this.#context.book.find(payment.hash) : undefined;
		if (this.#context.failing() || !invoice) {
			this.#finish(payment, 'FAILED', 'FAILURE_REASON_NO_ROUTE');
			return;
		}
		if (invoice.state !== 'OPEN') {
			this.#finish(payment, 'FAILED', 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS');
			return;
		}
		// Paying our own invoice: the book's change event resolves the payment.
		this.#context.book.pay(invoice.hash, this.#context.height(), payment.valueMsat);
	}

	#onInvoice(invoice: InvoiceRecord): void {
		const payment = this.#payments.get(invoice.hash);
		if (!payment || payment.status !== 'IN_FLIGHT') return;
		if (invoice.state === 'SETTLED' && invoice.preimage) {
			payment.preimage = invoice.preimage;
			this.#finish(payment, 'SUCCEEDED', 'FAILURE_REASON_NONE');
		} else if (invoice.state === 'CANCELED') {
			this.#finish(payment, 'FAILED', 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS');
		}
	}

	#finish(payment: PaymentRecord, status: PaymentStatus, reason: FailureReason): void {
		payment.status = status;
		payment.failureReason = reason;
		payment.resolvedNs = nowNs();
		this.#emit(payment);
	}

	#emit(payment: PaymentRecord): void {
		for (const listener of [...this.#listeners]) listener(payment);
	}
}
