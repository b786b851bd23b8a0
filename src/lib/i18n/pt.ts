// Texto da interface em português (Brasil), por área (ver pt/): as mesmas chaves que en.ts.
import type { MessageKey } from './en.ts';
import { shellPt } from './pt/shell.ts';
import { accountsPt } from './pt/accounts.ts';
import { boardPt } from './pt/board.ts';
import { casePt } from './pt/case.ts';
import { decisionsPt } from './pt/decisions.ts';
import { evidencePt } from './pt/evidence.ts';
import { caseRecordPt } from './pt/case-record.ts';
import { oversightPt } from './pt/oversight.ts';
import { protocolLabelsPt } from './pt/protocol-labels.ts';
import { webhooksPt } from './pt/webhooks.ts';
import { notificationsPt } from './pt/notifications.ts';
import { workspacePt } from './pt/workspace.ts';
import { templatesPt } from './pt/templates.ts';
import { teamPt } from './pt/team.ts';

export const pt: Record<MessageKey, string> = {
	...shellPt,
	...accountsPt,
	...boardPt,
	...casePt,
	...decisionsPt,
	...evidencePt,
	...caseRecordPt,
	...oversightPt,
	...protocolLabelsPt,
	...webhooksPt,
	...notificationsPt,
	...workspacePt,
	...templatesPt,
	...teamPt
};
