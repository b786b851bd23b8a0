// Kysely table types: the columns exactly as stored (snake_case, integers for booleans
// and epoch milliseconds). Repositories map these rows to camelCase domain types.
import type { Generated } from 'kysely';

export interface UsersTable {
	id: Generated<number>;
	name: string;
	role: string;
	password_hash: string;
	must_change_password: Generated<number>;
	disabled: Generated<number>;
	locale: Generated<string>;
	theme: Generated<string>;
	totp_key_sealed: string | null;
	/** The newest TOTP time step accepted (008); null before the first code. */
	totp_last_step: number | null;
	/** When the user dismissed the sandbox's newcomer guide on the board (016); null while it is shown. */
	newcomer_guide_dismissed_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface RecoveryCodesTable {
	id: Generated<number>;
	user_id: number;
	code_hash: string;
	used_at: number | null;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	created_at: number;
	last_seen_at: number;
	expires_at: number;
	second_factor_verified: Generated<number>;
}

export interface SetupTokensTable {
	token_hash: string;
	expires_at: number;
	used_at: number | null;
}

export interface SettingsTable {
	key: string;
	value: string;
	updated_at: number;
	updated_by: number | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	actor_user_id: number | null;
	actor: string;
	action: string;
	subject: string | null;
	details: string;
	prev_hash: string;
	hash: string;
}

export interface DisputesTable {
	id: string;
	status: string;
	initiator: string | null;
	legacy: Generated<number>;
	opened_at: number;
	first_seen_at: number;
	revision_at: number;
	revision_event_id: string;
	order_id: string | null;
	buyer_pubkey: string | null;
	seller_pubkey: string | null;
	holder_user_id: number | null;
	amount_sats: number | null;
	escrow_deadline: number | null;
	unread_count: Generated<number>;
	updated_at: number;
}

export interface DisputeRevisionsTable {
	event_id: string;
	dispute_id: string;
	status: string;
	revision_at: number;
	kind: number;
	raw: string;
	relay: string;
	received_at: number;
}

export interface OrdersTable {
	id: string;
	kind: string | null;
	status: string;
	fiat_code: string | null;
	amount_sats: number | null;
	fiat_amount: string;
	payment_methods: string;
	premium: number | null;
	revision_at: number;
	revision_event_id: string;
	first_seen_at: number;
	updated_at: number;
}

export interface OrderRevisionsTable {
	event_id: string;
	order_id: string;
	status: string;
	revision_at: number;
	raw: string;
	relay: string;
	received_at: number;
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

export interface DisputeCountsTable {
	status: string;
	/** 0 when no console user holds the disputes counted. */
	holder_user_id: number;
	n: number;
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
}

export interface DisputeInfoTable {
	dispute_id: string;
	order_id: string;
	solver_pubkey: string;
	info: string;
	preimage_sealed: string | null;
	received_at: number;
}

export interface UserNoticesTable {
	id: Generated<number>;
	user_id: number;
	kind: string;
	dispute_id: string | null;
	details: Generated<string>;
	created_at: number;
	read_at: number | null;
}

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

export interface DecisionsTable {
	id: Generated<number>;
	dispute_id: string;
	order_id: string;
	outcome: 'settle' | 'cancel';
	slash_buyer: number;
	slash_seller: number;
	reason_code: string;
	justification: string;
	amount_sats: number;
	state: 'proposed' | 'approved' | 'rejected' | 'executed' | 'failed';
	proposed_by: number;
	proposed_at: number;
	reviewed_by: number | null;
	reviewed_at: number | null;
	review_comment: string | null;
	executed_by_key: string | null;
	request_id: number | null;
	updated_at: number;
}

export interface EscrowChecksTable {
	dispute_id: string;
	payment_hash: string;
	state: 'open' | 'accepted' | 'settled' | 'canceled' | 'missing';
	amount_sats: number | null;
	expiry_height: number | null;
	block_height: number;
	checked_at: number;
}

export interface ApiTokensTable {
	id: Generated<number>;
	user_id: number;
	name: string;
	token_hash: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
}

export interface ConsoleKeyTable {
	id: number;
	pubkey: string;
	secret_sealed: string;
	created_at: number;
}

export interface AuditCheckpointsTable {
	id: Generated<number>;
	entry_id: number;
	head_hash: string;
	signed_at: number;
	pubkey: string;
	signature: string;
}

/** A dispute's holder outside the console (the node's assistant solver), when known (009). */
export interface DisputeOutsideHoldersTable {
	dispute_id: string;
	holder_pubkey: string;
	learned_from: 'assistant_message';
	learned_at: number;
}

/** The assistant solver's `send-dm` texts, filed by dispute (009). */
export interface AssistantMessagesTable {
	id: Generated<number>;
	dispute_id: string;
	event_id: string;
	sender_pubkey: string;
	recipient_pubkey: string;
	subject: string;
	body: string;
	content_hash: string;
	sent_at: number;
	received_at: number;
}

/** One blob the console tried to keep (011); the sealed bytes live in the data directory. */
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
	state: 'pending' | 'sent' | 'failed' | 'quiet' | 'no_key';
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

/** Failure back-off shared by all replicas (015): one row per limiter scope and key. */
export interface AuthBackoffTable {
	scope: string;
	key: string;
	failures: number;
	blocked_until: number;
	last_failure: number;
}

/** The automation API's token buckets, shared by all replicas (015). */
export interface ApiRateBucketsTable {
	key: string;
	tokens: number;
	at: number;
}

/** Private case notes (018), owned by the case-notes module: never sent to the parties. */
export interface CaseNotesTable {
	id: Generated<number>;
	dispute_id: string;
	author_user_id: number;
	body: string;
	created_at: number;
}

/** Hand-overs of a case from its holder to a colleague (018), owned by the case-notes module. */
export interface CaseHandoversTable {
	id: Generated<number>;
	dispute_id: string;
	from_user_id: number;
	to_user_id: number;
	note: string;
	route: string;
	refusal: string | null;
	state: string;
	created_at: number;
	resolved_at: number | null;
}

export interface Database {
	users: UsersTable;
	recovery_codes: RecoveryCodesTable;
	sessions: SessionsTable;
	setup_tokens: SetupTokensTable;
	settings: SettingsTable;
	audit_log: AuditLogTable;
	disputes: DisputesTable;
	dispute_revisions: DisputeRevisionsTable;
	orders: OrdersTable;
	order_revisions: OrderRevisionsTable;
	instance_info: InstanceInfoTable;
	relay_cursors: RelayCursorsTable;
	dispute_counts: DisputeCountsTable;
	solver_keys: SolverKeysTable;
	node_key: NodeKeyTable;
	action_journal: ActionJournalTable;
	dispute_info: DisputeInfoTable;
	user_notices: UserNoticesTable;
	chat_messages: ChatMessagesTable;
	chat_rejections: ChatRejectionsTable;
	chat_junk_tallies: ChatJunkTalliesTable;
	evidence_keys: EvidenceKeysTable;
	evidence_events: EvidenceEventsTable;
	decisions: DecisionsTable;
	escrow_checks: EscrowChecksTable;
	api_tokens: ApiTokensTable;
	console_key: ConsoleKeyTable;
	audit_checkpoints: AuditCheckpointsTable;
	dispute_outside_holders: DisputeOutsideHoldersTable;
	assistant_messages: AssistantMessagesTable;
	attachment_archive: AttachmentArchiveTable;
	webhook_endpoints: WebhookEndpointsTable;
	webhook_deliveries: WebhookDeliveriesTable;
	webhook_attempts: WebhookAttemptsTable;
	notifier_key: NotifierKeyTable;
	notification_settings: NotificationSettingsTable;
	notifications: NotificationsTable;
	auth_backoff: AuthBackoffTable;
	api_rate_buckets: ApiRateBucketsTable;
	message_templates: MessageTemplatesTable;
	case_notes: CaseNotesTable;
	case_handovers: CaseHandoversTable;
}
