// Texto de la interfaz en español, por área (ver es/): las mismas claves que en.ts.
import type { MessageKey } from './en.ts';
import { shellEs } from './es/shell.ts';
import { accountsEs } from './es/accounts.ts';
import { boardEs } from './es/board.ts';
import { caseEs } from './es/case.ts';
import { decisionsEs } from './es/decisions.ts';
import { evidenceEs } from './es/evidence.ts';
import { caseRecordEs } from './es/case-record.ts';
import { oversightEs } from './es/oversight.ts';
import { protocolLabelsEs } from './es/protocol-labels.ts';
import { webhooksEs } from './es/webhooks.ts';
import { notificationsEs } from './es/notifications.ts';
import { workspaceEs } from './es/workspace.ts';
import { templatesEs } from './es/templates.ts';
import { teamEs } from './es/team.ts';

export const es: Record<MessageKey, string> = {
	...shellEs,
	...accountsEs,
	...boardEs,
	...caseEs,
	...decisionsEs,
	...evidenceEs,
	...caseRecordEs,
	...oversightEs,
	...protocolLabelsEs,
	...webhooksEs,
	...notificationsEs,
	...workspaceEs,
	...templatesEs,
	...teamEs
};
