// Public entry of the Blossom-like blob server (see blob-server.ts for the contract).
export { startBlobServer, MAX_BLOB_BYTES } from './blob-server.ts';
export type { BlobDescriptor, BlobServerOptions, RunningBlobServer } from './blob-server.ts';
