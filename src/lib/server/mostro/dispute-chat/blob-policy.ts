// Reads the attachment host policy and the upload server from the configuration.
import type { Config } from '../../config.ts';
import type { BlobPolicy } from './blob-fetch.ts';

export function blobPolicyOf(config: Config): BlobPolicy {
	return { allowedHosts: config.blobs.allowedHosts, allowLoopback: config.blobs.allowLoopback };
}

export function uploadUrlOf(config: Config): string | null {
	return config.blobs.uploadUrl;
}
