// What `npm start` (bin/start.mjs) decides and hands over around the sandbox: whether to start
// it (no node configured anywhere and MEDIATOR_SANDBOX not off), which relay ports to try, and
// the environment that points the console at it. Pure: starts nothing, reads nothing. The
// environment it returns carries the sandbox node key; it must never be printed or logged.
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

/** True when `npm start` should start the sandbox: no MOSTRO_PUBKEY, no node saved on the Settings page, not turned off. */
export function shouldStartSandbox(config: Pick<Config, 'mostroPubkey' | 'sandbox'>, hasSavedNode: boolean): boolean {
	return config.sandbox.mode !== 'off' && config.mostroPubkey === null && !hasSavedNode;
}

/** Relay ports to try in order: the console's port + 1 (stable across restarts, so relay cursors stay meaningful), then any. */
export function relayPortCandidates(consolePort: number): number[] {
	return consolePort < 65535 ? [consolePort + 1, 0] : [0];
}

/** The environment the console's server reads (src/lib/server/config.ts) to follow the sandbox. */
export function sandboxEnvironment(sandbox: SandboxEndpoints): Record<string, string> {
	return {
		MOSTRO_PUBKEY: sandbox.nodePubkey,
		MOSTRO_RELAYS: sandbox.relayUrl,
		MEDIATOR_SANDBOX_NODE_KEY: sandbox.nodeSecretKey,
		MEDIATOR_SANDBOX_CONTROL_URL: sandbox.controlUrl,
		MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
		MEDIATOR_BLOB_UPLOAD_URL: sandbox.blobUrl,
		...(sandbox.lnd
			? { MEDIATOR_SANDBOX_LND_SOCKET: sandbox.lnd.socket, MEDIATOR_SANDBOX_LND_CERT: sandbox.lnd.cert, MEDIATOR_SANDBOX_LND_MACAROON: sandbox.lnd.macaroon }
			: {})
	};
}
