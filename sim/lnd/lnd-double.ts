// The LND double: a gRPC server over TLS (self-signed P-256 certificate) that speaks the
// parts of LND's API the `lightning` package and mostrod use (MOSTROD.md §8): node info,
// hold invoices, invoice subscriptions, payments and block notifications, with a controllable
// chain height, payment-failure injection and an "LND down" switch. Invoices are real
// BOLT-11 requests signed by the node key (regtest, `lnbcrt`). It must never bind beyond
// 127.0.0.1, never accept a call without its macaroon, and `stop()` closes every connection.
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Server, ServerCredentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import type { GrpcObject, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { failStreams } from './grpc-guard.ts';
import type { GuardState } from './grpc-guard.ts';
import { InvoiceBook, sha256Hex } from './invoice-book.ts';
import type { InvoiceRecord } from './invoice-book.ts';
import { chainNotifierService, createNodeInvoice, invoicesService, lightningService, routerService } from './lnd-services.ts';
import type { NodeContext } from './lnd-services.ts';
import { PaymentRouter } from './payment-router.ts';
import type { PaymentRecord } from './payment-router.ts';
import { createSelfSignedCert } from './self-signed-cert.ts';

export type LndDoubleOptions = {
	host?: string;
	/** 0 (default) picks an ephemeral port. */
	port?: number;
	/** Makes the node key (and so its pubkey and invoice signatures) deterministic. */
	seed?: string;
	alias?: string;
	startHeight?: number;
	/** LND's holdexpirydelta: held HTLCs are cancelled this many blocks before expiry. */
	holdExpiryDelta?: number;
	/** TLS identity and macaroon of an earlier start, so clients keep the same credentials. Default: fresh ones. */
	identity?: LndIdentity;
};

/** What a client's credentials depend on; the key and macaroon are secrets of the double. */
export type LndIdentity = { certPem: string; keyPem: string; macaroonHex: string };

export type LndDouble = {
	/** 127.0.0.1:PORT */
	socket: string;
	/** Base64 of the PEM certificate, as `lightning`'s authenticatedLndGrpc expects. */
	cert: string;
	/** Hex macaroon. */
	macaroon: string;
	/** Pass back as `identity` to start again with the same certificate and macaroon. */
	identity: LndIdentity;
	pubkey: string;
	mineBlocks(count?: number): number;
	height(): number;
	/** The seller's wallet pays a hold invoice (→ ACCEPTED) or a regular one (→ SETTLED). */
	payHoldInvoice(hash: string, amountMsat?: bigint): InvoiceRecord;
	/** A copy of the invoice's current state, or undefined. */
	invoice(hash: string): InvoiceRecord | undefined;
	/** A regular invoice (e.g. the buyer's payout invoice), preimage known to the node. */
	createInvoice(input: { tokens: number; description?: string }): { request: string; id: string; secret: string };
	payments(): PaymentRecord[];
	failPayments(on: boolean): void;
	setDown(on: boolean): void;
	stop(): Promise<void>;
};

const PROTO_FILES = ['lightning.proto', 'invoices.proto', 'router.proto', 'chainnotifier.proto'];
const CHAN_ID = ((101n << 40n) | (1n << 16n)).toString();

function loadProtos(): GrpcObject {
	const lightningEntry = createRequire(import.meta.url).resolve('lightning');
	const protosDir = join(dirname(lightningEntry), 'grpc', 'protos');
	const definition = loadSync(
		PROTO_FILES.map((file) => join(protosDir, file)),
		{ keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [protosDir] }
	);
	return loadPackageDefinition(definition);
}

function serviceOf(root: GrpcObject, pkg: string, name: string): ServiceClientConstructor {
	const service = (root[pkg] as GrpcObject | undefined)?.[name];
	if (typeof service !== 'function' || !('service' in service)) throw new Error(`proto service ${pkg}.${name} missing`);
	return service as ServiceClientConstructor;
}

const blockHash = (height: number): Buffer => createHash('sha256').update(`lnd-double block ${height}`).digest();

/** Start the double. Throws when `host` is not 127.0.0.1/localhost or the port is taken. */
export async function startLndDouble(options: LndDoubleOptions = {}): Promise<LndDouble> {
	const host = options.host ?? '127.0.0.1';
	if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`LND double must bind to 127.0.0.1, not ${host}`);
	const nodeKey = options.seed ? createHash('sha256').update(`lnd-double node key ${options.seed}`).digest() : secp256k1.utils.randomSecretKey();
	const pubkey = bytesToHex(secp256k1.getPublicKey(nodeKey, true));
	const holdExpiryDelta = options.holdExpiryDelta ?? 12;
	let height = options.startHeight ?? 500;
	let down = false;
	let failing = false;
	const blockListeners = new Set<(block: { hash: Buffer; height: number }) => void>();
	const guard: GuardState = { macaroonHex: options.identity?.macaroonHex ?? randomBytes(48).toString('hex'), isDown: () => down, streams: new Set() };
	const book = new InvoiceBook(CHAN_ID);
	const router = new PaymentRouter({ book, ownPubkey: pubkey, network: 'bcrt', height: () => height, failing: () => failing });
	const context: NodeContext = {
		guard,
		book,
		router,
		nodeKey,
		chanId: CHAN_ID,
		network: 'bcrt',
		nodeInfo: () => ({
			pubkey,
			alias: options.alias ?? 'lnd-double',
			network: 'regtest',
			height,
			blockHashHex: Buffer.from(blockHash(height)).reverse().toString('hex'),
			version: '0.18.5-beta commit=lnd-double'
		}),
		block: () => ({ hash: blockHash(height), height }),
		onBlock: (listener) => {
			blockListeners.add(listener);
			return () => blockListeners.delete(listener);
		}
	};

	const root = loadProtos();
	const server = new Server();
	server.addService(serviceOf(root, 'lnrpc', 'Lightning').service, lightningService(context));
	server.addService(serviceOf(root, 'invoicesrpc', 'Invoices').service, invoicesService(context));
	server.addService(serviceOf(root, 'routerrpc', 'Router').service, routerService(context));
	server.addService(serviceOf(root, 'chainrpc', 'ChainNotifier').service, chainNotifierService(context));
	const tls = options.identity ? { certPem: options.identity.certPem, keyPem: options.identity.keyPem } : createSelfSignedCert('lnd-double');
	const credentials = ServerCredentials.createSsl(null, [{ private_key: Buffer.from(tls.keyPem), cert_chain: Buffer.from(tls.certPem) }], false);
	const port = await new Promise<number>((resolve, reject) => {
		server.bindAsync(`127.0.0.1:${options.port ?? 0}`, credentials, (error, bound) => (error ? reject(error) : resolve(bound)));
	});

	let stopping: Promise<void> | undefined;
	return {
		socket: `127.0.0.1:${port}`,
		cert: Buffer.from(tls.certPem).toString('base64'),
		macaroon: guard.macaroonHex,
		identity: { certPem: tls.certPem, keyPem: tls.keyPem, macaroonHex: guard.macaroonHex },
		pubkey,
		mineBlocks: (count = 1) => {
			if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('mineBlocks expects 1..100000');
			for (let i = 0; i < count; i += 1) {
				height += 1;
				for (const listener of [...blockListeners]) listener(context.block());
				book.onBlock(height, holdExpiryDelta);
			}
			return height;
		},
		height: () => height,
		payHoldInvoice: (hash, amountMsat) => structuredClone(book.pay(hash, height, amountMsat)),
		invoice: (hash) => {
			const record = book.find(hash);
			return record ? structuredClone(record) : undefined;
		},
		createInvoice: ({ tokens, description }) => {
			const preimage = randomBytes(32).toString('hex');
			const request = { value: String(tokens), memo: description ?? '' };
			const record = createNodeInvoice(context, request, sha256Hex(preimage), preimage);
			return { request: record.paymentRequest, id: record.hash, secret: preimage };
		},
		payments: () => router.list().map((payment) => structuredClone(payment)),
		failPayments: (on) => {
			failing = on;
		},
		setDown: (on) => {
			down = on;
			if (on) failStreams(guard, status.UNAVAILABLE, 'Connection dropped');
		},
		stop: () => {
			stopping ??= (async () => {
				failStreams(guard, status.UNAVAILABLE, 'server shutting down');
				server.forceShutdown();
			})();
			return stopping;
		}
	};
}
