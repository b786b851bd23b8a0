// The PostgreSQL advisory-lock keys the console uses, in one place so no two concerns share
// a key by accident. Keys are arbitrary 64-bit numbers; they only need to be distinct and stable.
// Never reuse a key for a second purpose: replicas of different versions must agree on them.

/** Held (transaction-level) while migrations are applied, so replicas starting together migrate once. */
export const MIGRATION_LOCK = 0x6d65_6401n;
/** Held (session-level, on a dedicated connection) by the replica that runs the engine. */
export const ENGINE_LEADER_LOCK = 0x6d65_6402n;
/** Held (transaction-level) while an audit entry is appended, so the hash chain never forks. */
export const AUDIT_CHAIN_LOCK = 0x6d65_6403n;
