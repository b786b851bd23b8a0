import { describe, expect, it } from 'vitest';
import { resolveBlobUrl } from '../../../../../src/lib/server/mostro/dispute-chat/blob-fetch.ts';

const hash = 'ab'.repeat(32);
const policy = { allowedHosts: ['blossom.band', 'blossom.primal.net'], allowLoopback: false };
const refused = (url: string, p = policy) => {
	try {
		resolveBlobUrl(url, p);
		return false;
	} catch (error) {
		return (error as { messageKey?: string }).messageKey === 'attachment.error.host';
	}
};

describe('attachment URLs', () => {
	it('maps blossom:// and https:// on allowed hosts to https', () => {
		expect(resolveBlobUrl(`blossom://blossom.band/${hash}`, policy).href).toBe(`https://blossom.band/${hash}`);
		expect(resolveBlobUrl(`https://blossom.primal.net/${hash}.png`, policy).href).toBe(`https://blossom.primal.net/${hash}.png`);
	});

	it('refuses hosts not in the list, plain http, other schemes and credentials', () => {
		expect(refused(`https://evil.example/${hash}`)).toBe(true);
		expect(refused(`http://blossom.band/${hash}`)).toBe(true);
		expect(refused(`ftp://blossom.band/${hash}`)).toBe(true);
		expect(refused(`file:///etc/${hash}`)).toBe(true);
		expect(refused(`https://user:pw@blossom.band/${hash}`)).toBe(true);
		expect(refused('https://blossom.band/not-a-hash')).toBe(true);
	});

	it('refuses private, loopback and link-local addresses even when listed', () => {
		const listed = { allowedHosts: ['10.0.0.5', '127.0.0.1', '169.254.169.254', '192.168.1.2', 'localhost', '[::1]', 'printer.local'], allowLoopback: false };
		for (const host of listed.allowedHosts) expect(refused(`https://${host}/${hash}`, listed), host).toBe(true);
	});

	it('allows the sandbox blob server on 127.0.0.1 only when loopback is explicitly allowed', () => {
		expect(refused(`blossom://127.0.0.1:5555/${hash}`)).toBe(true);
		expect(resolveBlobUrl(`blossom://127.0.0.1:5555/${hash}`, { allowedHosts: [], allowLoopback: true }).href).toBe(`http://127.0.0.1:5555/${hash}`);
		expect(refused(`blossom://10.1.1.1/${hash}`, { allowedHosts: [], allowLoopback: true })).toBe(true);
	});

	it('allows only port 443 unless an allow-list entry names host:port', () => {
		expect(refused(`https://blossom.band:8443/${hash}`)).toBe(true);
		expect(refused(`blossom://blossom.band:22/${hash}`)).toBe(true);
		expect(resolveBlobUrl(`https://blossom.band:443/${hash}`, policy).href).toBe(`https://blossom.band/${hash}`);
		const withPort = { allowedHosts: ['blossom.band:8443'], allowLoopback: false };
		expect(resolveBlobUrl(`https://blossom.band:8443/${hash}`, withPort).href).toBe(`https://blossom.band:8443/${hash}`);
		expect(refused(`https://blossom.band/${hash}`, withPort)).toBe(true);
	});
});
