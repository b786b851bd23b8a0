// Reads the attachment host policy and the upload server from the configuration.
import type { Config } from '../../config.ts';
import type { BlobPolicy } from './blob-fetch.ts';

export function blobPolicyOf(config: Config): BlobPolicy {
	const blobs = (config as Config & { blobs?: { allowedHosts: string[]; allowLoopback: boolean } }).blobs;
	return { allowedHosts: blobs?.allowedHosts ?? [], allowLoopback: blobs?.allowLoopback ?? false };
}

export function uploadUrlOf(config: Config): string | null {
	return (config as Config & { blobs?: { uploadUrl: string | null } }).blobs?.uploadUrl ?? null;
}
