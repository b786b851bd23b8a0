// The attachment routes through the real runtime and the `secure` hook: an archived file with a
// non-Latin name downloads (regression: 500 "Cannot convert argument to a ByteString") with an
// RFC 6266 `filename*` and an ASCII fallback; the inline PDF may be framed by our own origin only
// (CSP `frame-ancestors 'self'`, X-Frame-Options SAMEORIGIN — regression: DENY on every response
// kept the chat's preview from ever rendering), while every other response stays DENY.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../../src/lib/server/runtime.ts';
import { startRouteRuntime, type RouteRuntime } from '../../../helpers/route-runtime.ts';
import type { RequestEvent } from '@sveltejs/kit';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { secure } from '../../../../src/lib/server/security-headers.ts';
import { encryptAttachmentBlob } from '../../../../src/lib/protocol/attachments.ts';
import { GET as chatAttachment } from '../../../../src/routes/(console)/disputes/[id]/attachments/[messageId]/+server.ts';

const DISPUTE = 'd-attach-route';
const PDF = new TextEncoder().encode('%PDF-1.4 bank statement');

describe('attachment routes', () => {
	let world: RouteRuntime;
	let runtime: Runtime;
	let locals: App.Locals;
	const ids: Record<string, number> = {};

	async function storeFile(name: string, bytes: Uint8Array, mime: string): Promise<number> {
		const key = new Uint8Array(randomBytes(32));
		const blob = encryptAttachmentBlob(bytes, key);
		const url = `blossom://blobs.example/${bytesToHex(sha256(blob))}`;
		await runtime.archive.keep(blob, url);
		const descriptor = { type: 'file_encrypted', blossom_url: url, nonce: bytesToHex(blob.subarray(0, 12)), mime_type: mime, original_size: bytes.length, filename: name, key: Buffer.from(key).toString('base64') };
		const row = await runtime.db
			.insertInto('chat_messages')
			.values({
				dispute_id: DISPUTE,
				party: 'buyer',
				direction: 'in',
				inner_id: bytesToHex(randomBytes(32)),
				outer_id: bytesToHex(randomBytes(32)),
				generation: 'current',
				author_pubkey: '02'.repeat(32),
				content: '',
				attachment: JSON.stringify(descriptor),
				sent_at: 1,
				received_at: 1
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	beforeAll(async () => {
		world = await startRouteRuntime('attachment-route');
		runtime = world.runtime;
		locals = await world.signedIn('olga', 'operator');
		await runtime.db
			.insertInto('disputes')
			.values({ id: DISPUTE, status: 'in-progress', opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: 'e'.repeat(64), updated_at: 1 })
			.execute();
		ids.cyrillic = await storeFile('Отчёт-банка.pdf', PDF, 'application/pdf');
		ids.binary = await storeFile('данные.bin', Uint8Array.of(1, 2, 3, 4), 'application/octet-stream');
	});
	afterAll(() => world.close());

	/** The route's answer as the browser gets it: through the `secure` hook. */
	async function request(path: string, messageId: number): Promise<Response> {
		const event = { url: new URL(`http://127.0.0.1${path}`), locals, params: { id: DISPUTE, messageId: String(messageId) } } as unknown as RequestEvent;
		return secure({ event, resolve: (e: RequestEvent) => chatAttachment(e as never) } as never);
	}

	it('downloads a file with a Cyrillic name: filename* in UTF-8 and an ASCII fallback', async () => {
		const response = await request(`/disputes/${DISPUTE}/attachments/${ids.cyrillic}`, ids.cyrillic!);
		expect(response.status).toBe(200);
		const disposition = response.headers.get('content-disposition') ?? '';
		expect(disposition).toBe(`inline; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent('Отчёт-банка.pdf')}`);
		expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);
		const other = await request(`/disputes/${DISPUTE}/attachments/${ids.binary}`, ids.binary!);
		expect(other.headers.get('content-disposition')).toBe(`attachment; filename="attachment.bin"; filename*=UTF-8''${encodeURIComponent('данные.bin')}`);
	});

	it('lets only our own origin frame the inline PDF', async () => {
		const response = await request(`/disputes/${DISPUTE}/attachments/${ids.cyrillic}`, ids.cyrillic!);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'self'");
		expect(csp).toContain('sandbox');
		expect(csp).not.toContain("frame-ancestors 'none'");
	});

	it('keeps DENY on every other response', async () => {
		for (const path of ['/disputes', `/disputes/${DISPUTE}`, `/disputes/${DISPUTE}/evidence`, `/disputes/${DISPUTE}/attachments/${ids.cyrillic}/x`, '/api/v1/disputes', `/disputes/${DISPUTE}/attachments/abc`]) {
			const response = await secure({ event: { url: new URL(`http://127.0.0.1${path}`), locals } as unknown as RequestEvent, resolve: async () => new Response('ok') } as never);
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
		}
		const evidence = await secure({ event: { url: new URL(`http://127.0.0.1/disputes/${DISPUTE}/evidence/attachments/3`), locals } as unknown as RequestEvent, resolve: async () => new Response('ok') } as never);
		expect(evidence.headers.get('x-frame-options')).toBe('SAMEORIGIN');
	});
});
