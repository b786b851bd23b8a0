// gRPC method implementations of the LND double, for the services the `lightning` package
// loads from its bundled protos: lnrpc.Lightning (GetInfo, AddInvoice, LookupInvoice),
// invoicesrpc.Invoices (AddHoldInvoice, SettleInvoice, CancelInvoice, LookupInvoiceV2,
// SubscribeSingleInvoice), routerrpc.Router (SendPaymentV2, TrackPaymentV2) and
// chainrpc.ChainNotifier (RegisterBlockEpochNtfn). Methods not listed answer UNIMPLEMENTED.
// It must never answer a call without going through the guard (macaroon, down state).
import { randomBytes } from 'node:crypto';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { encodeInvoice } from './bolt11-encoder.ts';
import { guardedStream, guardedUnary } from './grpc-guard.ts';
import type { GuardState, OpenStream } from './grpc-guard.ts';
import { sha256Hex } from './invoice-book.ts';
import type { InvoiceBook, InvoiceRecord } from './invoice-book.ts';
import { LndError } from './lnd-errors.ts';
import type { PaymentRecord, PaymentRouter } from './payment-router.ts';
import { INVOICE_FEATURE_BITS, getInfoMessage, invoiceMessage, paymentMessage } from './rpc-messages.ts';
import type { NodeInfo } from './rpc-messages.ts';

export type NodeContext = {
	guard: GuardState;
	book: InvoiceBook;
	router: PaymentRouter;
	nodeKey: Uint8Array;
	chanId: string;
	network: string;
	nodeInfo(): NodeInfo;
	block(): { hash: Buffer; height: number };
	onBlock(listener: (block: { hash: Buffer; height: number }) => void): () => void;
};

/** LND's defaults: invoice expiry 86 400 s, final CLTV delta 80 blocks. */
const DEFAULT_EXPIRY_SECONDS = 86_400;
const DEFAULT_CLTV_EXPIRY = 80;

const bytesHex = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('hex') : '');
const int = (value: unknown): bigint => (typeof value === 'string' || typeof value === 'number' ? BigInt(value) : 0n);

function requestedMsat(request: Record<string, unknown>): bigint {
	const msat = int(request.value_msat);
	return msat > 0n ? msat : int(request.value) * 1000n;
}

/** Add an invoice signed by the node; `preimage` null makes it a hold invoice. */
export function createNodeInvoice(context: NodeContext, request: Record<string, unknown>, hash: string, preimage: string | null): InvoiceRecord {
	const valueMsat = requestedMsat(request);
	const memo = typeof request.memo === 'string' ? request.memo : '';
	const expirySeconds = Number(int(request.expiry)) || DEFAULT_EXPIRY_SECONDS;
	const cltvExpiry = Number(int(request.cltv_expiry)) || DEFAULT_CLTV_EXPIRY;
	return context.book.add({
		hash,
		preimage,
		memo,
		valueMsat,
		expirySeconds,
		cltvExpiry,
		encode: (paymentAddr, creationDate) =>
			encodeInvoice(
				{
					network: context.network,
					amountMsat: valueMsat > 0n ? valueMsat : null,
					timestamp: creationDate,
					paymentHash: Buffer.from(hash, 'hex'),
					paymentSecret: paymentAddr,
					description: memo,
					expirySeconds,
					minFinalCltvExpiry: cltvExpiry,
					features: INVOICE_FEATURE_BITS
				},
				context.nodeKey
			)
	});
}

const isFinalInvoice = (invoice: InvoiceRecord): boolean => invoice.state === 'SETTLED' || invoice.state === 'CANCELED';
const isFinalPayment = (payment: PaymentRecord): boolean => payment.status !== 'IN_FLIGHT';

/** Streams a payment's updates until it is final. */
function streamPayment(context: NodeContext, stream: OpenStream, first: PaymentRecord, skipInFlight: boolean): () => void {
	const write = (payment: PaymentRecord): void => {
		if (skipInFlight && !isFinalPayment(payment)) return;
		stream.write(paymentMessage(payment, context.chanId));
		if (isFinalPayment(payment)) stream.end();
	};
	const unsubscribe = context.router.onChange((payment) => {
		if (payment.hash === first.hash) write(payment);
	});
	write(first);
	return unsubscribe;
}

export function lightningService(context: NodeContext): UntypedServiceImplementation {
	const { guard } = context;
	return {
		GetInfo: guardedUnary(guard, () => getInfoMessage(context.nodeInfo())),
		AddInvoice: guardedUnary(guard, (request) => {
			const preimage = bytesHex(request.r_preimage) || randomBytes(32).toString('hex');
			const invoice = createNodeInvoice(context, request, sha256Hex(preimage), preimage);
			return {
				r_hash: Buffer.from(invoice.hash, 'hex'),
				payment_request: invoice.paymentRequest,
				add_index: String(invoice.addIndex),
				payment_addr: Buffer.from(invoice.paymentAddr, 'hex')
			};
		}),
		LookupInvoice: guardedUnary(guard, (request) => {
			const hash = bytesHex(request.r_hash) || String(request.r_hash_str ?? '');
			return invoiceMessage(context.book.get(hash));
		})
	};
}

export function invoicesService(context: NodeContext): UntypedServiceImplementation {
	const { guard, book } = context;
	return {
		AddHoldInvoice: guardedUnary(guard, (request) => {
			const invoice = createNodeInvoice(context, request, bytesHex(request.hash), null);
			return {
				payment_request: invoice.paymentRequest,
				add_index: String(invoice.addIndex),
				payment_addr: Buffer.from(invoice.paymentAddr, 'hex')
			};
		}),
		SettleInvoice: guardedUnary(guard, (request) => {
			book.settle(bytesHex(request.preimage));
			return {};
		}),
		CancelInvoice: guardedUnary(guard, (request) => {
			book.cancel(bytesHex(request.payment_hash));
			return {};
		}),
		LookupInvoiceV2: guardedUnary(guard, (request) => {
			const hash = bytesHex(request.payment_hash);
			if (!hash) throw new LndError('INVALID_ARGUMENT', 'only lookup by payment hash is supported');
			return invoiceMessage(book.get(hash));
		}),
		SubscribeSingleInvoice: guardedStream(guard, (request, stream) => {
			const invoice = book.get(bytesHex(request.r_hash));
			const write = (record: InvoiceRecord): void => {
				stream.write(invoiceMessage(record));
				if (isFinalInvoice(record)) stream.end();
			};
			const unsubscribe = book.onChange((record) => {
				if (record.hash === invoice.hash) write(record);
			});
			write(invoice);
			return unsubscribe;
		})
	};
}

export function routerService(context: NodeContext): UntypedServiceImplementation {
	const { guard, router } = context;
	return {
		SendPaymentV2: guardedStream(guard, (request, stream) => {
			const request11 = typeof request.payment_request === 'string' ? request.payment_request : '';
			if (!request11) throw new LndError('INVALID_ARGUMENT', 'only payments to a payment request are supported');
			const amount = int(request.amt_msat) > 0n ? int(request.amt_msat) : int(request.amt) * 1000n;
			const payment = router.send(request11, amount > 0n ? amount : null);
			return streamPayment(context, stream, payment, request.no_inflight_updates === true);
		}),
		TrackPaymentV2: guardedStream(guard, (request, stream) => {
			const payment = router.get(bytesHex(request.payment_hash));
			if (!payment) throw new LndError('NOT_FOUND', "payment isn't initiated");
			return streamPayment(context, stream, payment, request.no_inflight_updates === true);
		})
	};
}

export function chainNotifierService(context: NodeContext): UntypedServiceImplementation {
	return {
		RegisterBlockEpochNtfn: guardedStream(context.guard, (_request, stream) => {
			stream.write(context.block());
			return context.onBlock((block) => stream.write(block));
		})
	};
}
