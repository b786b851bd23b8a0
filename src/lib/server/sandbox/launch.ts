// What `npm start` (bin/start.mjs) decides and hands over around the sandbox: whether to start
// it (no node configured anywhere, or only the sandbox's own node saved by an earlier start, and
// MEDIATOR_SANDBOX not off), which relay ports to try, and the few environment values the
// console reads: the banner marker and the sandbox's blob server. The node and LND connections
// are seeded as settings rows instead (seed-settings.ts). Pure: starts nothing, reads nothing.
import type { Config } from '../config.ts';

/** The parts of a started sandbox (sim/sandbox) the console is pointed at. */
export interface SandboxEndpoints {
	relayUrl: string;
	nodePubkey: string;
	nodeSecretKey: string;
	controlUrl: string;
	blobUrl: string;
	/** The sandbox LND double's gRPC credentials (escrow verification). */
	lnd?: { socket: string; cert: string; macaroon: string };
}

/**
 * True when `npm start` should start the sandbox: no MOSTRO_PUBKEY, not turned off, and no node
 * saved on the Settings page other than the sandbox's own (`sandboxNode`, from its state file).
 */
export function shouldStartSandbox(config: Pick<Config, 'mostroPubkey' | 'sandbox'>, savedNode: string | null, sandboxNode: string | null = null): boolean {
	return config.sandbox.mode !== 'off' && config.mostroPubkey === null && (savedNode === null || savedNode === sandboxNode);
}

/** Relay ports to try in order: the console's port + 1 (stable across restarts, so relay cursors stay meaningful), then any. */
export function relayPortCandidates(consolePort: number): number[] {
	return consolePort < 65535 ? [consolePort + 1, 0] : [0];
}

/** The environment the console's server reads (src/lib/server/config.ts) when launched as the sandbox. */
export function sandboxEnvironment(sandbox: Pick<SandboxEndpoints, 'nodePubkey' | 'blobUrl'>): Record<string, string> {
	return {
		MEDIATOR_SANDBOX_NODE: sandbox.nodePubkey,
		MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
		MEDIATOR_BLOB_UPLOAD_URL: sandbox.blobUrl
	};
}
