// Kysely table types: the link to the Mostro node: settings, what the node announced, relay cursors, solver and node
// keys, and the action journal every outgoing request goes through.
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
import type { Generated } from 'kysely';

export interface SettingsTable {
	key: string;
	value: string;
	updated_at: number;
	updated_by: number | null;
}

export interface InstanceInfoTable {
	node_pubkey: string;
	event_id: string;
	created_at: number;
	info: string;
	raw: string;
	received_at: number;
}

export interface RelayCursorsTable {
	relay_url: string;
	subscription: string;
	since: number;
	updated_at: number;
}

export interface SolverKeysTable {
	user_id: number;
	pubkey: string;
	secret_sealed: string;
	origin: string;
	created_at: number;
	created_by: number | null;
	permission: string | null;
	registration_state: string | null;
	registered_at: number | null;
	registered_by: number | null;
}

export interface NodeKeyTable {
	id: number;
	pubkey: string;
	secret_sealed: string;
	stored_at: number;
	stored_by: number | null;
}

export interface ActionJournalTable {
	id: Generated<number>;
	request_id: number;
	action: string;
	dispute_id: string | null;
	order_id: string | null;
	actor_user_id: number | null;
	signer_pubkey: string;
	event_id: string | null;
	state: string;
	reason: string | null;
	receipts: Generated<string>;
	details: Generated<string>;
	created_at: number;
	updated_at: number;
	/** A follower's hand-off (020): the unsigned request as JSON `{ message, timeoutMs }`; null when the leader sent it itself. */
	outgoing: string | null;
	/** The event the leader signed for a handed-off row, written before it is published (JSON). */
	outgoing_event: string | null;
	/** The leader term that claimed a handed-off row. */
	claimed_by: string | null;
	/** The node's reply to a handed-off row (JSON), for the replica waiting on it. */
	reply: string | null;
}
