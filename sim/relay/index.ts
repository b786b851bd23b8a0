// Public entry of the embedded relay (see relay-server.ts for the contract).
export { startRelay, MAX_MESSAGE_BYTES } from './relay-server.ts';
export type { RelayOptions, RunningRelay } from './relay-server.ts';
