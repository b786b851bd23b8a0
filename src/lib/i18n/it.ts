// Testi dell'interfaccia in italiano, per area (vedi it/): le stesse chiavi di en.ts.
import type { MessageKey } from './en.ts';
import { shellIt } from './it/shell.ts';
import { accountsIt } from './it/accounts.ts';
import { boardIt } from './it/board.ts';
import { caseIt } from './it/case.ts';
import { decisionsIt } from './it/decisions.ts';
import { evidenceIt } from './it/evidence.ts';
import { caseRecordIt } from './it/case-record.ts';
import { oversightIt } from './it/oversight.ts';
import { protocolLabelsIt } from './it/protocol-labels.ts';
import { webhooksIt } from './it/webhooks.ts';
import { notificationsIt } from './it/notifications.ts';
import { workspaceIt } from './it/workspace.ts';
import { templatesIt } from './it/templates.ts';
import { teamIt } from './it/team.ts';

export const it: Record<MessageKey, string> = {
	...shellIt,
	...accountsIt,
	...boardIt,
	...caseIt,
	...decisionsIt,
	...evidenceIt,
	...caseRecordIt,
	...oversightIt,
	...protocolLabelsIt,
	...webhooksIt,
	...notificationsIt,
	...workspaceIt,
	...templatesIt,
	...teamIt
};
