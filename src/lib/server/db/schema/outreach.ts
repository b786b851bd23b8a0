// Kysely table types: reaching people outside the console: the notifier key, notification choices and log, webhook
// endpoints, deliveries and attempts, and the message templates the composer offers.
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
import type { Generated } from 'kysely';

/** The console's notifier key (013): signs the seals of its direct messages. */
export interface NotifierKeyTable {
	id: number;
	pubkey: string;
	secret_sealed: string;
	created_at: number;
}

/** A user's personal npub and notification choices (013). */
export interface NotificationSettingsTable {
	user_id: number;
	pubkey: string | null;
	verified_at: number | null;
	pending_pubkey: string | null;
	pending_code_hash: string | null;
	pending_expires_at: number | null;
	pending_attempts: Generated<number>;
	kinds: string | null;
	quiet_start_min: number | null;
	quiet_end_min: number | null;
	updated_at: number;
}

/** One notification for one user, with its delivery (013). */
export interface NotificationsTable {
	id: Generated<number>;
	kind: string;
	user_id: number;
	dispute_id: string | null;
	dedupe_key: string;
	facts: Generated<string>;
	state: 'pending' | 'sent' | 'failed' | 'quiet' | 'no_key' | 'dropped';
	recipient_pubkey: string | null;
	attempts: Generated<number>;
	next_attempt_at: number | null;
	last_error: string | null;
	delivered_relays: Generated<string>;
	wrap_event_id: string | null;
	created_at: number;
	sent_at: number | null;
}

/** A webhook endpoint an operator configured (012); the secret is sealed. */
export interface WebhookEndpointsTable {
	id: Generated<number>;
	url: string;
	events: string;
	secret_sealed: string;
	enabled: Generated<number>;
	created_at: number;
	updated_at: number;
}

/** One queued webhook POST (012): its body is fixed when queued. */
export interface WebhookDeliveriesTable {
	id: Generated<number>;
	endpoint_id: number;
	event: string;
	dedupe_key: string | null;
	body: string;
	state: 'pending' | 'delivered' | 'failed';
	attempts: Generated<number>;
	next_attempt_at: number;
	created_at: number;
	finished_at: number | null;
}

/** One attempt to deliver a webhook (012). */
export interface WebhookAttemptsTable {
	id: Generated<number>;
	delivery_id: number;
	attempt: number;
	at: number;
	status: number | null;
	latency_ms: number;
	error: string | null;
}

/** A message template the composer offers (017): a name and a body per language, '' where a language has none. */
export interface MessageTemplatesTable {
	id: Generated<number>;
	name_en: Generated<string>;
	name_es: Generated<string>;
	name_pt: Generated<string>;
	name_it: Generated<string>;
	body_en: Generated<string>;
	body_es: Generated<string>;
	body_pt: Generated<string>;
	body_it: Generated<string>;
	created_at: number;
	updated_at: number;
}
