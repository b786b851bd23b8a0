// Keeps every attachment blob the console has seen (issue 15; PROTOCOL.md §5.7): the first time
// a blob is needed — a view, a party's message arriving on a held dispute's chat, an imported
// evidence transcript, a file we upload — it is fetched once under the blob policy, checked
// against the SHA-256 in its URL and kept in the sealed store; every later view is served from
// that copy, so a restart, a host that deletes the file or one that goes away loses nothing.
// When no copy exists and the host cannot deliver, the refusal names the hash and the host.
// Must never keep bytes that do not match their address, never fetch outside the blob policy,
// and never log bytes or URLs' query strings.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Db } from '../db/index.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { Refusal, isRefusal, type RefusalCode } from '../errors.ts';
import { log } from '../log.ts';
import { blobHashFromUrl, blossomToHttps } from '../../protocol/attachments.ts';
import { fetchBlob, resolveBlobUrl, type BlobPolicy, type FetchBlobOptions } from '../mostro/dispute-chat/blob-fetch.ts';
import type { BlobStore } from './blob-store.ts';
import { getArchiveRow, listArchiveRows, listDueFailures, markArchived, markFailed, type ArchiveRow } from './archive-repository.ts';

export type ArchiveState = 'archived' | 'failed' | 'pending';

export interface ArchiveStatus {
	state: ArchiveState;
	hash: string;
	host: string;
	/** i18n key of the last failure, when `state` is failed. */
	failure: string | null;
	/** What to tell the user (an i18n key taking { hash, host }), or null when archived. */
	messageKey: MessageKey | null;
}

/** What the user reads for each kind of failure (each names {hash} and {host}). */
const UNAVAILABLE: Readonly<Record<string, MessageKey | undefined>> = {
	'attachment.error.host': 'attachment.error.unavailable_host',
	'attachment.error.timeout': 'attachment.error.unavailable_timeout',
	'attachment.error.mismatch': 'attachment.error.unavailable_mismatch',
	'chat.error.file': 'attachment.error.unavailable_size'
};

/** The i18n key that explains a stored failure (naming {hash} and {host}). */
export function unavailableMessageKey(failure: string | null): MessageKey {
	return (failure && UNAVAILABLE[failure]) || 'attachment.error.unavailable';
}

function hostOf(blossomUrl: string): string {
	try {
		return new URL(blossomToHttps(blossomUrl) ?? '').host.toLowerCase() || '?';
	} catch {
		return '?';
	}
}

export class AttachmentArchive {
	readonly #db: Db;
	readonly #store: BlobStore;
	readonly #policy: BlobPolicy;
	readonly #fetchOptions: FetchBlobOptions;
	readonly #inFlight = new Map<string, Promise<Uint8Array>>();
	#queue: string[] = [];
	#draining: Promise<void> | null = null;

	constructor(db: Db, store: BlobStore, policy: BlobPolicy, fetchOptions: FetchBlobOptions = {}) {
		this.#db = db;
		this.#store = store;
		this.#policy = policy;
		this.#fetchOptions = fetchOptions;
	}

	/**
	 * The blob at `blossomUrl`: the archived copy when there is one, else fetched under `policy`,
	 * hash-checked and archived first. Refusals: invalid_input `attachment.error.host` (no hash
	 * in the URL); otherwise `attachment.error.unavailable*` with params { hash, host }.
	 */
	async obtain(blossomUrl: string, policy: BlobPolicy = this.#policy): Promise<Uint8Array> {
		const hash = blobHashFromUrl(blossomUrl);
		if (!hash) throw new Refusal('invalid_input', 'attachment.error.host');
		const archived = await this.#readCopy(hash);
		if (archived) return archived;
		const running = this.#inFlight.get(hash);
		if (running) return running;
		const attempt = this.#fetchAndKeep(blossomUrl, hash, policy).finally(() => this.#inFlight.delete(hash));
		this.#inFlight.set(hash, attempt);
		return attempt;
	}

	/** The archived copy of `hash`, or null (for bundles: never fetches). */
	readArchived(hash: string): Promise<Uint8Array | null> {
		return this.#readCopy(hash);
	}

	/** Keeps bytes we already hold (a file we uploaded ourselves). */
	async keep(bytes: Uint8Array, blossomUrl: string, now = Date.now()): Promise<string> {
		const hash = await this.#store.write(bytes);
		await markArchived(this.#db, { hash, url: blossomUrl, host: hostOf(blossomUrl), size: bytes.length }, now);
		return hash;
	}

	/** Archives `blossomUrl` in the background (a message just arrived); failures are recorded, never thrown. */
	archiveSoon(blossomUrl: string): void {
		const hash = blobHashFromUrl(blossomUrl);
		if (!hash) return;
		if (this.#queue.length >= 10_000) return;
		this.#queue.push(blossomUrl);
		this.#draining ??= this.#drain().finally(() => (this.#draining = null));
	}

	/** Resolves when the background queue is empty. */
	async settled(): Promise<void> {
		while (this.#draining) await this.#draining;
	}

	/** Tries again, in the background, the blobs whose last fetch failed and whose wait is over. */
	async retryFailed(now = Date.now(), limit = 20): Promise<number> {
		const due = await listDueFailures(this.#db, now, limit);
		for (const row of due) this.archiveSoon(row.url);
		return due.length;
	}

	/** Where each blob stands (by hash); a hash never tried is `pending`. */
	async status(entries: ReadonlyArray<{ hash: string; url: string }>): Promise<Map<string, ArchiveStatus>> {
		const rows = await listArchiveRows(
			this.#db,
			entries.map((e) => e.hash)
		);
		const out = new Map<string, ArchiveStatus>();
		for (const { hash, url } of entries) {
			const row: ArchiveRow | undefined = rows.get(hash);
			const state: ArchiveState = row?.state === 'archived' && (await this.#store.has(hash)) ? 'archived' : row?.state === 'failed' ? 'failed' : 'pending';
			const failure = state === 'failed' ? (row?.failure ?? null) : null;
			const messageKey = state === 'archived' ? null : state === 'failed' ? unavailableMessageKey(failure) : 'attachment.archive.pending';
			out.set(hash, { state, hash, host: row?.host ?? hostOf(url), failure, messageKey });
		}
		return out;
	}

	async #drain(): Promise<void> {
		for (let url = this.#queue.shift(); url; url = this.#queue.shift()) {
			try {
				// A blob kept already (here or by another replica) is not fetched or opened again.
				const hash = blobHashFromUrl(url);
				if (hash && (await this.#store.has(hash))) continue;
				await this.obtain(url);
			} catch (error) {
				if (!isRefusal(error)) log.warn('could not archive an attachment', { error: error instanceof Error ? error.message : String(error) });
			}
		}
	}

	async #readCopy(hash: string): Promise<Uint8Array | null> {
		try {
			return await this.#store.read(hash);
		} catch (error) {
			// A copy that cannot be opened is treated as missing: fetched again, kept again.
			log.warn('an archived attachment could not be opened', { hash, error: error instanceof Error ? error.message : String(error) });
			return null;
		}
	}

	async #fetchAndKeep(blossomUrl: string, hash: string, policy: BlobPolicy): Promise<Uint8Array> {
		const host = hostOf(blossomUrl);
		let blob: Uint8Array;
		try {
			blob = await fetchBlob(resolveBlobUrl(blossomUrl, policy), this.#fetchOptions);
			if (bytesToHex(sha256(blob)) !== hash) throw new Refusal('conflict', 'attachment.error.mismatch');
		} catch (error) {
			if (!isRefusal(error)) throw error;
			await markFailed(this.#db, { hash, url: blossomUrl, host, failure: error.messageKey }, Date.now());
			throw new Refusal(error.code as RefusalCode, unavailableMessageKey(error.messageKey), { params: { hash, host } });
		}
		try {
			await this.#store.write(blob);
		} catch (error) {
			// A full or read-only disk must not stop the view: serve what was fetched, keep it next time.
			log.warn('could not archive an attachment', { hash, error: error instanceof Error ? error.message : String(error) });
			return blob;
		}
		await markArchived(this.#db, { hash, url: blossomUrl, host, size: blob.length }, Date.now());
		return blob;
	}

	/** The stored row of one blob (tests and diagnostics). */
	async row(hash: string): Promise<ArchiveRow | undefined> {
		return getArchiveRow(this.#db, hash);
	}
}
