// Kysely table types: the columns exactly as stored (snake_case, integers for booleans
// and epoch milliseconds), one file per aggregate under schema/, composed here into the one
// Database type Kysely is given. Repositories map these rows to camelCase domain types.
import type { UsersTable, RecoveryCodesTable, SessionsTable, SetupTokensTable, ApiTokensTable, UserNoticesTable, AuthBackoffTable, ApiRateBucketsTable } from './schema/accounts.ts';
import type {
	DisputesTable,
	DisputeRevisionsTable,
	OrdersTable,
	OrderRevisionsTable,
	DisputeCountsTable,
	DisputeInfoTable,
	DecisionsTable,
	EscrowChecksTable,
	DisputeOutsideHoldersTable,
	AssistantMessagesTable,
	CaseNotesTable,
	CaseHandoversTable
} from './schema/cases.ts';
import type { SettingsTable, InstanceInfoTable, RelayCursorsTable, SolverKeysTable, NodeKeyTable, ActionJournalTable } from './schema/node-link.ts';
import type { ChatMessagesTable, ChatRejectionsTable, ChatJunkTalliesTable, EvidenceKeysTable, EvidenceEventsTable, AttachmentArchiveTable, AttachmentBlobsTable } from './schema/chat-evidence.ts';
import type { AuditLogTable, AuditCheckpointsTable, ConsoleKeyTable } from './schema/audit.ts';
import type { NotifierKeyTable, NotificationSettingsTable, NotificationsTable, WebhookEndpointsTable, WebhookDeliveriesTable, WebhookAttemptsTable, MessageTemplatesTable } from './schema/outreach.ts';

export type * from './schema/accounts.ts';
export type * from './schema/cases.ts';
export type * from './schema/node-link.ts';
export type * from './schema/chat-evidence.ts';
export type * from './schema/audit.ts';
export type * from './schema/outreach.ts';

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
	attachment_blobs: AttachmentBlobsTable;
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
