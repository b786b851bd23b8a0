// Public entry of the mostrod test double (see mostrod-double.ts for the contract).
export { startMostrod, MostrodDouble } from './mostrod-double.ts';
export type { IntakeRecord } from './mostrod-double.ts';
export type { MostrodOptions, LndCredentials, SolverPermissionName } from './options.ts';
export type { CreateOrderInput, Reputation } from './control-api.ts';
export type { OrderRecord, DisputeRecord, UserRecord, BondRecord } from './state-store.ts';
export type { SentDm } from './dm-outbox.ts';
export { RelayLink, RelayPool } from './relay-link.ts';
export { orderBucket } from './publisher.ts';
