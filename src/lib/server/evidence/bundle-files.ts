// The `files` of an evidence bundle (issue 15 "Evidence bundles carry the files"; format in
// protocol/evidence-bundle.ts): for each distinct attachment of an accepted message, the blob
// exactly as published (the ciphertext, from the attachment archive — fetched and kept now if it
// never was), or, when it was never obtainable, the host that failed and why. Never decrypts,
// never includes a key, never logs bytes.
import type { AttachmentArchive } from '../archive/attachment-archive.ts';
import { isRefusal } from '../errors.ts';
import type { BundleEvent, BundleFile } from '../../protocol/evidence-bundle.ts';

export async function collectBundleFiles(archive: AttachmentArchive, events: readonly BundleEvent[]): Promise<BundleFile[]> {
	const wanted = new Map<string, string>();
	for (const e of events) if (e.attachment && /^[0-9a-f]{64}$/.test(e.attachment.sha256) && !wanted.has(e.attachment.sha256)) wanted.set(e.attachment.sha256, e.attachment.blossom_url);
	const files: BundleFile[] = [];
	for (const [hash, url] of wanted) {
		try {
			const blob = await archive.obtain(url);
			files.push({ sha256: hash, data_base64: Buffer.from(blob).toString('base64'), size: blob.length, unavailable: null });
		} catch (error) {
			if (!isRefusal(error)) throw error;
			const status = (await archive.status([{ hash, url }])).get(hash);
			files.push({ sha256: hash, data_base64: null, size: null, unavailable: { host: status?.host ?? '?', reason: status?.failure ?? error.messageKey } });
		}
	}
	return files;
}
