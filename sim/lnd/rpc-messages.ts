// Shapes the LND double's records into the protobuf messages of LND's lightning.proto
// (lnrpc.Invoice, lnrpc.InvoiceHTLC, lnrpc.Payment, lnrpc.HTLCAttempt, lnrpc.GetInfoResponse)
// as @grpc/proto-loader expects them (keepCase, 64-bit integers as decimal strings, enums
// by name, bytes as Buffer). Pure. It must never expose a hold invoice's preimage before
// the invoice is settled.
import type { InvoiceRecord } from './invoice-book.ts';
import type { PaymentRecord } from './payment-router.ts';

const MSAT_PER_SAT = 1000n;
const sats = (msat: bigint): string => (msat / MSAT_PER_SAT).toString();
const hexBuffer = (hex: string | null): Buffer => Buffer.from(hex ?? '', 'hex');

/** Feature bits LND advertises on invoices: tlv onion (8), payment secret (14), mpp (17). */
export const INVOICE_FEATURE_BITS = [8, 14, 17] as const;
const FEATURE_NAMES: Record<number, string> = { 8: 'tlv-onion', 14: 'payment-addr', 17: 'multi-path-payments' };

export function featureMap(bits: readonly number[]): Record<number, { name: string; is_required: boolean; is_known: boolean }> {
	return Object.fromEntries(bits.map((bit) => [bit, { name: FEATURE_NAMES[bit] ?? `bit-${bit}`, is_required: bit % 2 === 0, is_known: true }]));
}

export function invoiceMessage(invoice: InvoiceRecord): Record<string, unknown> {
	return {
		memo: invoice.memo,
		r_preimage: hexBuffer(invoice.state === 'SETTLED' || !invoice.isHold ? invoice.preimage : null),
		r_hash: hexBuffer(invoice.hash),
		value: sats(invoice.valueMsat),
		value_msat: invoice.valueMsat.toString(),
		settled: invoice.state === 'SETTLED',
		creation_date: String(invoice.creationDate),
		settle_date: String(invoice.settleDate),
		payment_request: invoice.paymentRequest,
		description_hash: Buffer.alloc(0),
		expiry: String(invoice.expirySeconds),
		fallback_addr: '',
		cltv_expiry: String(invoice.cltvExpiry),
		route_hints: [],
		private: false,
		add_index: String(invoice.addIndex),
		settle_index: String(invoice.settleIndex),
		amt_paid: sats(invoice.amountPaidMsat),
		amt_paid_sat: sats(invoice.amountPaidMsat),
		amt_paid_msat: invoice.amountPaidMsat.toString(),
		state: invoice.state,
		htlcs: invoice.htlcs.map((htlc) => ({
			chan_id: htlc.chanId,
			htlc_index: String(htlc.htlcIndex),
			amt_msat: htlc.amountMsat.toString(),
			accept_height: htlc.acceptHeight,
			accept_time: String(htlc.acceptTime),
			resolve_time: String(htlc.resolveTime),
			expiry_height: htlc.expiryHeight,
			state: htlc.state,
			custom_records: {},
			mpp_total_amt_msat: htlc.amountMsat.toString()
		})),
		features: featureMap(INVOICE_FEATURE_BITS),
		is_keysend: false,
		payment_addr: hexBuffer(invoice.paymentAddr),
		is_amp: false
	};
}

export function paymentMessage(payment: PaymentRecord, chanId: string): Record<string, unknown> {
	const attemptStatus = payment.status;
	const noRoute = payment.failureReason === 'FAILURE_REASON_NO_ROUTE';
	const htlcs = noRoute
		? []
		: [
				{
					attempt_id: String(payment.index),
					status: attemptStatus,
					route: {
						total_time_lock: payment.timeLock,
						total_fees_msat: '0',
						total_amt_msat: payment.valueMsat.toString(),
						hops: [
							{
								chan_id: chanId,
								expiry: payment.timeLock,
								amt_to_forward_msat: payment.valueMsat.toString(),
								fee_msat: '0',
								pub_key: payment.payee,
								tlv_payload: true,
								mpp_record: payment.paymentSecret ? { payment_addr: hexBuffer(payment.paymentSecret), total_amt_msat: payment.valueMsat.toString() } : null,
								custom_records: {}
							}
						]
					},
					attempt_time_ns: payment.createdNs.toString(),
					resolve_time_ns: payment.resolvedNs.toString(),
					preimage: hexBuffer(payment.preimage)
				}
			];
	return {
		payment_hash: payment.hash,
		value: sats(payment.valueMsat),
		creation_date: (payment.createdNs / 1_000_000_000n).toString(),
		fee: '0',
		payment_preimage: payment.preimage ?? '0'.repeat(64),
		value_sat: sats(payment.valueMsat),
		value_msat: payment.valueMsat.toString(),
		payment_request: payment.request,
		status: payment.status,
		fee_sat: '0',
		fee_msat: '0',
		creation_time_ns: payment.createdNs.toString(),
		htlcs,
		payment_index: String(payment.index),
		failure_reason: payment.failureReason
	};
}

export type NodeInfo = {
	pubkey: string;
	alias: string;
	network: string;
	height: number;
	blockHashHex: string;
	version: string;
};

export function getInfoMessage(info: NodeInfo): Record<string, unknown> {
	return {
		version: info.version,
		commit_hash: 'lnd-double',
		identity_pubkey: info.pubkey,
		alias: info.alias,
		color: '#3399ff',
		num_pending_channels: 0,
		num_active_channels: 1,
		num_inactive_channels: 0,
		num_peers: 1,
		block_height: info.height,
		block_hash: info.blockHashHex,
		best_header_timestamp: String(Math.floor(Date.now() / 1000)),
		synced_to_chain: true,
		synced_to_graph: true,
		testnet: false,
		chains: [{ chain: 'bitcoin', network: info.network }],
		uris: [],
		features: featureMap([0, 5, 7, 9, 12, 14, 17]),
		require_htlc_interceptor: false,
		store_final_htlc_resolutions: false,
		wallet_synced: true
	};
}
