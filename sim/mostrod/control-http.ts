// Small HTTP control endpoint for the node double on 127.0.0.1 (JSON in, JSON out), mapping
// onto MostrodControl for the sandbox and other processes. Routes:
//   GET  /info                      pubkey, npub, relays, protocolVersion
//   GET  /state                     orders, disputes, users, bonds
//   GET  /orders/:id  /disputes/:id
//   POST /orders                    CreateOrderInput → order
//   POST /orders/:id/dispute        {by: 'buyer'|'seller'} → dispute
//   POST /orders/:id/release | /orders/:id/cooperative-cancel {by} | /orders/:id/auto-dispute
//   POST /orders/:id/pay-hold-invoice | /guardian/run | /solvers {pubkey, permission}
//   POST /faults                    {silent?, lndDown?, failPayments?, settleRace?}
// Bodies are capped at 64 KiB. Must never bind beyond the loopback interface.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateOrderInput, MostrodControl } from './control-api.ts';
import { CantDoError } from './daemon-context.ts';

export type ControlServer = { url: string; close(): Promise<void> };
type Info = { pubkey: string; npub: string; relays: string[]; protocolVersion: 1 | 2 };
type Body = Record<string, unknown>;

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Body> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				const v: unknown = text ? JSON.parse(text) : {};
				resolve(typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : {});
			} catch {
				reject(new Error('body is not JSON'));
			}
		});
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, value: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(value ?? null));
}

const side = (v: unknown): 'buyer' | 'seller' => (v === 'seller' ? 'seller' : 'buyer');

async function route(c: MostrodControl & Info, method: string, path: string[], body: Body): Promise<[number, unknown]> {
	const [a, id, op] = path;
	if (method === 'GET') {
		if (a === 'info') return [200, { pubkey: c.pubkey, npub: c.npub, relays: c.relays, protocolVersion: c.protocolVersion }];
		if (a === 'state') return [200, c.snapshot()];
		if (a === 'orders' && id) return c.order(id) ? [200, c.order(id)] : [404, { error: 'unknown order' }];
		if (a === 'disputes' && id) return c.dispute(id) ? [200, c.dispute(id)] : [404, { error: 'unknown dispute' }];
		return [404, { error: 'not found' }];
	}
	if (method !== 'POST') return [405, { error: 'method not allowed' }];
	if (a === 'orders' && !id) return [200, await c.createOrder(body as unknown as CreateOrderInput)];
	if (a === 'orders' && id) {
		if (op === 'dispute') return [200, await c.openDispute(id, side(body.by))];
		if (op === 'release') return [200, await c.releaseBySeller(id).then(() => c.order(id))];
		if (op === 'cooperative-cancel') return [200, await c.cooperativeCancel(id, side(body.by)).then(() => c.order(id))];
		if (op === 'auto-dispute') return [200, { result: await c.autoDispute(id) }];
		if (op === 'pay-hold-invoice') return [200, await c.payHoldInvoice(id).then(() => c.order(id))];
	}
	if (a === 'guardian' && id === 'run') return [200, { acted: await c.runGuardian() }];
	if (a === 'solvers') return [200, { added: c.addSolver(String(body.pubkey), body.permission === 'read' ? 'read' : 'read-write') }];
	if (a === 'faults') {
		if (body.silent !== undefined) c.setSilent(Array.isArray(body.silent) ? body.silent.map(String) : body.silent === true);
		if (typeof body.lndDown === 'boolean') c.setLndDown(body.lndDown);
		if (typeof body.failPayments === 'boolean') c.failPayments(body.failPayments);
		if (body.settleRace === true) c.injectSettleRace();
		return [200, { ok: true }];
	}
	return [404, { error: 'not found' }];
}

export async function startControlServer(c: MostrodControl & Info, port: number): Promise<ControlServer> {
	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0]?.split('/').filter(Boolean) ?? [];
		const body = req.method === 'POST' ? readBody(req) : Promise.resolve({});
		body
			.then((b) => route(c, req.method ?? 'GET', path, b))
			.then(([status, value]) => send(res, status, value))
			.catch((err: unknown) => {
				if (err instanceof CantDoError) send(res, 409, { error: err.reason });
				else send(res, 400, { error: (err as Error).message });
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const { port: bound } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${bound}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
