// English interface text, by area (see en/). Every user-facing string comes from here or its
// Spanish, Portuguese and Italian twins (es/, pt/, it/), which must have exactly the same keys
// (the types enforce it; `npm run i18n:missing` lists any gap).
import { shellEn } from './en/shell.ts';
import { accountsEn } from './en/accounts.ts';
import { boardEn } from './en/board.ts';
import { caseEn } from './en/case.ts';
import { decisionsEn } from './en/decisions.ts';
import { evidenceEn } from './en/evidence.ts';
import { caseRecordEn } from './en/case-record.ts';
import { oversightEn } from './en/oversight.ts';
import { protocolLabelsEn } from './en/protocol-labels.ts';
import { webhooksEn } from './en/webhooks.ts';
import { notificationsEn } from './en/notifications.ts';
import { workspaceEn } from './en/workspace.ts';
import { templatesEn } from './en/templates.ts';
import { teamEn } from './en/team.ts';

export const en = {
	...shellEn,
	...accountsEn,
	...boardEn,
	...caseEn,
	...decisionsEn,
	...evidenceEn,
	...caseRecordEn,
	...oversightEn,
	...protocolLabelsEn,
	...webhooksEn,
	...notificationsEn,
	...workspaceEn,
	...templatesEn,
	...teamEn
} as const;

export type MessageKey = keyof typeof en;
