// Public entry of the LND double (see lnd-double.ts for the contract).
export { startLndDouble } from './lnd-double.ts';
export type { LndDouble, LndDoubleOptions, LndIdentity } from './lnd-double.ts';
export type { InvoiceRecord, InvoiceState, HtlcRecord } from './invoice-book.ts';
export type { PaymentRecord, PaymentStatus } from './payment-router.ts';
export { encodeInvoice } from './bolt11-encoder.ts';
export { decodeInvoice } from './bolt11-decoder.ts';
