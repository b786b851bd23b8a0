// A Blossom-like blob server for tests and sandbox mode (BUD-01 GET/HEAD by sha256, BUD-02
// `PUT /upload` returning a blob descriptor; PROTOCOL.md §5.7 attachments). Blobs are kept
// in memory, addressed by the sha256 of their bytes. Uploads need no authorization here.
// It must never bind beyond 127.0.0.1, never buffer more than MAX_BLOB_BYTES of a request,
// and `stop()` must close every socket.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MAX_BLOB_BYTES = 25 * 1024 * 1024;
const DRAIN_CAP_BYTES = 4 * MAX_BLOB_BYTES;

export type BlobDescriptor = { url: string; sha256: string; size: number; type: string; uploaded: number };

export type BlobServerOptions = { port?: number };

export type RunningBlobServer = {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	/** Store bytes directly (no HTTP) and return where they can be fetched. */
	put(bytes: Uint8Array): Promise<{ url: string; sha256: string }>;
	/** Forget a blob, as a real host that deletes files does (BUD-02 DELETE, without the auth). */
	delete(sha256: string): boolean;
	stop(): Promise<void>;
};

type StoredBlob = { bytes: Buffer; type: string; uploaded: number };

const CORS_HEADERS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-SHA-256',
	'Access-Control-Allow-Methods': 'GET, HEAD, PUT, OPTIONS'
};
const BLOB_PATH = /^\/([0-9a-f]{64})(?:\.[A-Za-z0-9]{1,10})?$/;

function refuse(response: ServerResponse, status: number, reason: string): void {
	response.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'X-Reason': reason });
	response.end(`${reason}\n`);
}

/** Reads and drops the rest of a refused body (so the client sees the answer), up to a cap. */
function discardBody(request: IncomingMessage, alreadyRead: number): void {
	let size = alreadyRead;
	request.removeAllListeners('data');
	request.on('data', (chunk: Buffer) => {
		size += chunk.byteLength;
		if (size > DRAIN_CAP_BYTES) request.destroy();
	});
	request.resume();
}

/** Reads a request body up to `limit` bytes; resolves null (and discards the rest) when larger. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.byteLength;
			if (size > limit) {
				chunks.length = 0;
				discardBody(request, size);
				resolve(null);
			} else {
				chunks.push(chunk);
			}
		});
		request.on('end', () => {
			if (size <= limit) resolve(Buffer.concat(chunks));
		});
		request.on('error', reject);
	});
}

/** Start the blob server on 127.0.0.1. Throws when the port is taken. */
export async function startBlobServer(options: BlobServerOptions = {}): Promise<RunningBlobServer> {
	const blobs = new Map<string, StoredBlob>();
	let baseUrl = '';

	const store = (bytes: Buffer, type: string): BlobDescriptor => {
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const existing = blobs.get(sha256);
		const blob = existing ?? { bytes, type, uploaded: Math.floor(Date.now() / 1000) };
		if (!existing) blobs.set(sha256, blob);
		return { url: `${baseUrl}/${sha256}`, sha256, size: blob.bytes.byteLength, type: blob.type, uploaded: blob.uploaded };
	};

	const upload = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		const declared = Number(request.headers['content-length'] ?? '0');
		const body = declared > MAX_BLOB_BYTES ? null : await readBody(request, MAX_BLOB_BYTES);
		if (body === null) {
			response.setHeader('Connection', 'close');
			refuse(response, 413, `blob larger than ${MAX_BLOB_BYTES} bytes`);
			if (declared > MAX_BLOB_BYTES) discardBody(request, 0);
			return;
		}
		const descriptor = store(body, request.headers['content-type'] ?? 'application/octet-stream');
		response.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/json' });
		response.end(JSON.stringify(descriptor));
	};

	const serve = (request: IncomingMessage, response: ServerResponse, sha256: string): void => {
		const blob = blobs.get(sha256);
		if (!blob) {
			refuse(response, 404, 'blob not found');
			return;
		}
		response.writeHead(200, {
			...CORS_HEADERS,
			'Content-Type': 'application/octet-stream',
			'Content-Length': String(blob.bytes.byteLength),
			'Cache-Control': 'public, max-age=31536000, immutable'
		});
		response.end(request.method === 'HEAD' ? undefined : blob.bytes);
	};

	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		const blobMatch = BLOB_PATH.exec(path);
		if (request.method === 'OPTIONS') {
			response.writeHead(204, CORS_HEADERS).end();
		} else if (request.method === 'PUT' && path === '/upload') {
			upload(request, response).catch((error: unknown) => {
				if (!response.headersSent) refuse(response, 500, error instanceof Error ? error.message : 'upload failed');
			});
		} else if ((request.method === 'GET' || request.method === 'HEAD') && blobMatch?.[1]) {
			serve(request, response, blobMatch[1]);
		} else if (request.method === 'GET' || request.method === 'HEAD') {
			refuse(response, 404, 'not found');
		} else {
			refuse(response, 405, 'method not allowed');
		}
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://127.0.0.1:${port}`;

	let stopping: Promise<void> | undefined;
	return {
		url: baseUrl,
		port,
		put: async (bytes) => {
			if (bytes.byteLength > MAX_BLOB_BYTES) throw new Error(`blob larger than ${MAX_BLOB_BYTES} bytes`);
			const { url, sha256 } = store(Buffer.from(bytes), 'application/octet-stream');
			return { url, sha256 };
		},
		delete: (sha256) => blobs.delete(sha256),
		stop: () => {
			stopping ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return stopping;
		}
	};
}
