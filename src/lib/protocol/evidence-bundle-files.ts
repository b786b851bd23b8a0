// Offline checks of the attachment blobs an evidence bundle carries (evidence-bundle.ts, version
// 2; PROTOCOL.md §5.7): each file's bytes against its SHA-256, and — when a disclosed key can open
// it (an inline key in the descriptor, or a raw ECDH / legacy shared secret; never a K_conv) — the
// blob decrypted with ChaCha20-Poly1305 (its tag authenticates every byte), its size compared with
// the descriptor, and the plaintext's SHA-256 reported. Pure; never throws on untrusted input.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { openAttachment, parseChatContent, type EncryptedAttachment } from './attachments.ts';

export interface FileCheck {
	sha256: string;
	name: string;
	/** ok: bytes match the hash; missing: no entry; unavailable: the console never obtained it. */
	status: 'ok' | 'bad_hash' | 'missing' | 'unavailable';
	/** decrypted with a disclosed key; no_key: no disclosed key opens it; null: not attempted. */
	decrypted: 'ok' | 'failed' | 'no_key' | null;
	plainSha256: string | null;
	/** Host that failed, when the console never obtained the blob. */
	host: string | null;
	problems: string[];
}

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function decodeBase64(text: string): Uint8Array | null {
	try {
		const bin = atob(text);
		const out = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
		return out;
	} catch {
		return null;
	}
}

/** The descriptor of an accepted event's attachment, or null. */
function descriptorOf(event: Record<string, unknown>): EncryptedAttachment | null {
	if (event.verdict !== 'accepted') return null;
	const content = obj(event.inner)?.content;
	if (typeof content !== 'string') return null;
	try {
		const parsed = parseChatContent(content);
		return parsed.type === 'attachment' ? parsed.attachment : null;
	} catch {
		return null;
	}
}

/**
 * Checks every attachment referenced by an accepted event, once per blob. `secretOf` gives the
 * raw shared secret a disclosure's key opens attachments with (null for a K_conv or no key).
 */
export function checkBundleFiles(events: readonly unknown[], files: unknown, secretOf: (keyIndex: number) => Uint8Array | null): FileCheck[] {
	const entries = new Map<string, Record<string, unknown>>();
	if (Array.isArray(files)) {
		for (const f of files) {
			const entry = obj(f);
			if (entry && typeof entry.sha256 === 'string') entries.set(entry.sha256, entry);
		}
	}
	const checks = new Map<string, FileCheck>();
	const blobs = new Map<string, Uint8Array>();
	for (const raw of events) {
		const event = obj(raw);
		const descriptor = event ? descriptorOf(event) : null;
		if (!event || !descriptor) continue;
		const hash = descriptor.blossom_url.split('/').pop()?.slice(0, 64).toLowerCase() ?? '';
		let check = checks.get(hash);
		if (!check) {
			const entry = entries.get(hash);
			const data = typeof entry?.data_base64 === 'string' ? decodeBase64(entry.data_base64) : null;
			const unavailable = obj(entry?.unavailable);
			const status: FileCheck['status'] = data ? (bytesToHex(sha256(data)) === hash ? 'ok' : 'bad_hash') : entry ? 'unavailable' : 'missing';
			check = {
				sha256: hash,
				name: descriptor.filename ?? descriptor.mime_type,
				status,
				decrypted: null,
				plainSha256: null,
				host: typeof unavailable?.host === 'string' ? unavailable.host : null,
				problems: status === 'bad_hash' ? ['file bytes do not match their SHA-256'] : []
			};
			checks.set(hash, check);
			if (status === 'ok' && data) blobs.set(hash, data);
		}
		const data = blobs.get(hash);
		if (!data || check.decrypted === 'ok') continue;
		const key = descriptor.key ?? (typeof event.key_index === 'number' ? secretOf(event.key_index) : null);
		if (!key) {
			check.decrypted ??= 'no_key';
			continue;
		}
		try {
			const plain = openAttachment(data, descriptor, key);
			check.decrypted = 'ok';
			check.plainSha256 = bytesToHex(sha256(plain));
			if (plain.length !== descriptor.original_size) check.problems.push(`decrypted size ${plain.length} differs from the described ${descriptor.original_size}`);
		} catch {
			check.decrypted = 'failed';
			check.problems.push('file does not decrypt with the disclosed key');
		}
	}
	return [...checks.values()].map((c) =>
		// A file that failed with one key but opened with another is fine.
		c.decrypted === 'ok' ? { ...c, problems: c.problems.filter((p) => p !== 'file does not decrypt with the disclosed key') } : c
	);
}
