// Read-only calls to the Mostro node's LND through the `lightning` package (PRODUCT.md
// capability 7; MOSTROD.md §8.1, §8.3): node identity and chain height for "test connection",
// the trade hold invoice by payment hash, and the chain height. The `lightning` package is
// CommonJS, so it is loaded with require. Must never settle, cancel or pay anything, and never
// log the macaroon.
import { createRequire } from 'node:module';

type LightningModule = typeof import('lightning');
type AuthenticatedLnd = ReturnType<LightningModule['authenticatedLndGrpc']>['lnd'];

let loaded: LightningModule | null = null;
function lightning(): LightningModule {
	loaded ??= createRequire(import.meta.url)('lightning') as LightningModule;
	return loaded;
}

export interface LndCredentials {
	/** host:port of LND's gRPC interface. */
	socket: string;
	/** Base64 of the TLS certificate PEM (or empty for a publicly trusted certificate). */
	cert: string;
	/** Hex (or base64) macaroon; invoice-read access is enough. */
	macaroon: string;
}

export type HoldInvoiceState = 'open' | 'accepted' | 'settled' | 'canceled';

export interface HoldInvoice {
	state: HoldInvoiceState;
	amountSats: number;
	receivedSats: number;
	/** Lowest CLTV expiry height of the held HTLCs; null when none is held. */
	expiryHeight: number | null;
}

export interface NodeDescription {
	alias: string;
	network: string;
	blockHeight: number;
	pubkey: string;
}

export class LndCallError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LndCallError';
	}
}

const CALL_TIMEOUT_MS = 8000;

const GENESIS: Record<string, string> = {
	'6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000': 'mainnet',
	'43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000': 'testnet',
	'06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f': 'regtest',
	f61eee3b63a380a477a063af32b2bbc97c9ff9f01f2c4225e973988108000000: 'signet'
};

/** The lightning package rejects with `[code, message, details]` arrays. */
function describeFailure(error: unknown): string {
	if (Array.isArray(error)) return `${String(error[0])} ${String(error[1] ?? '')}`.trim();
	return error instanceof Error ? error.message : String(error);
}

async function call<T>(work: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new LndCallError('LND did not answer in time')), CALL_TIMEOUT_MS);
	});
	try {
		return await Promise.race([work, timeout]);
	} catch (error) {
		if (error instanceof LndCallError) throw error;
		throw new LndCallError(describeFailure(error));
	} finally {
		clearTimeout(timer);
	}
}

export function connectLnd(credentials: LndCredentials): AuthenticatedLnd {
	return lightning().authenticatedLndGrpc({ socket: credentials.socket, cert: credentials.cert || undefined, macaroon: credentials.macaroon }).lnd;
}

export async function describeNode(lnd: AuthenticatedLnd): Promise<NodeDescription> {
	const info = await call(lightning().getWalletInfo({ lnd }));
	const chain = info.chains[0] ?? '';
	return { alias: info.alias, network: GENESIS[chain] ?? (chain ? `chain ${chain.slice(0, 12)}…` : 'unknown'), blockHeight: info.current_block_height, pubkey: info.public_key };
}

export async function blockHeight(lnd: AuthenticatedLnd): Promise<number> {
	return (await call(lightning().getHeight({ lnd }))).current_block_height;
}

/** The invoice for `hash`, or null when LND does not know it. */
export async function lookupHoldInvoice(lnd: AuthenticatedLnd, hash: string): Promise<HoldInvoice | null> {
	if (!/^[0-9a-f]{64}$/.test(hash)) throw new LndCallError('not a payment hash');
	let invoice;
	try {
		invoice = await call(lightning().getInvoice({ lnd, id: hash }));
	} catch (error) {
		if (error instanceof LndCallError && /not ?found|unable to locate/i.test(error.message)) return null;
		throw error;
	}
	const held = invoice.payments.filter((p) => p.is_held);
	const state: HoldInvoiceState = invoice.is_confirmed ? 'settled' : invoice.is_canceled ? 'canceled' : invoice.is_held ? 'accepted' : 'open';
	return {
		state,
		amountSats: invoice.tokens,
		receivedSats: invoice.received,
		expiryHeight: held.length > 0 ? Math.min(...held.map((p) => p.timeout)) : null
	};
}
