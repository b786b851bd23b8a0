// Kysely table types: the conversation and its proof: chat messages, rejections and junk tallies, imported chat keys,
// evidence events and the attachment archive.
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
import type { Generated } from 'kysely';

export interface ChatMessagesTable {
	id: Generated<number>;
	dispute_id: string;
	party: string;
	direction: string;
	inner_id: string;
	outer_id: string;
	generation: string;
	author_pubkey: string;
	content: string;
	attachment: string | null;
	sent_at: number;
	received_at: number;
	delivery: Generated<string>;
	read_at: number | null;
	sent_by_user_id: number | null;
	/** A follower's message waiting for the leader to publish it (020): the signed outer event as JSON; cleared once a relay took it. */
	outgoing_event: string | null;
	/** Ours, sent from here (021): the signed outer event as published, kept for "send again". */
	outer_event: Generated<string | null>;
}

export interface ChatRejectionsTable {
	id: Generated<number>;
	dispute_id: string;
	party: string;
	outer_id: string;
	reason: string;
	received_at: number;
}

/** Unauthenticated junk on a conversation, counted per reason (migration 010). */
export interface ChatJunkTalliesTable {
	dispute_id: string;
	party: string;
	reason: string;
	n: number;
	/** Fixed-size bit filter of the outer ids already counted. */
	seen: Uint8Array;
	first_at: number;
	last_at: number;
}

export interface EvidenceKeysTable {
	id: Generated<number>;
	dispute_id: string;
	n: number;
	/** pub(secret): public, identifies the pasted secret without revealing it. */
	fingerprint: string;
	secret_sealed: string;
	key_kind: string;
	conv_pubkey: string | null;
	sign_pubkey: string | null;
	legacy_pubkey: string | null;
	/** Unix seconds the relay queries start from (null = no lower bound). */
	since: number | null;
	disclosed_by: string;
	disclosed_via: string;
	disclosed_at: number;
	source_message_id: number | null;
	imported_by: number | null;
	imported_at: number;
	refreshed_at: number;
}

export interface EvidenceEventsTable {
	id: Generated<number>;
	key_id: number;
	dispute_id: string;
	outer_id: string;
	raw_hash: string;
	outer_raw: string;
	outer_kind: number;
	outer_created_at: number;
	generation: string;
	inner_raw: string | null;
	inner_id: string | null;
	inner_created_at: number | null;
	signer_role: string | null;
	verdict: string;
	step: number;
	relays: Generated<string>;
	first_seen_at: number;
}

/** The sealed bytes of one archived blob where replicas share no data directory (020, PostgreSQL). */
export interface AttachmentBlobsTable {
	sha256: string;
	sealed: string;
	size: number;
	stored_at: number;
}

/** One blob the console tried to keep (011); the sealed bytes live in the data directory (or attachment_blobs on PostgreSQL). */
export interface AttachmentArchiveTable {
	sha256: string;
	state: 'archived' | 'failed';
	url: string;
	host: string;
	size: number | null;
	failure: string | null;
	attempts: Generated<number>;
	first_tried_at: number;
	last_tried_at: number;
	archived_at: number | null;
}
