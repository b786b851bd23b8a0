// Who a notification goes to (issue 19): the audience of its kind (notification-kinds.ts)
// turned into enabled console users. Reads users only; the dispute's holder or a proposal's
// author comes in with the event. Never decides what a user chose: that is the notifier's.
import type { Db } from '../db/index.ts';
import { can } from '../../access/access-rules.ts';
import { listUsers } from '../users/repository.ts';
import { NOTIFICATION_RULES, type NotificationKind } from './notification-kinds.ts';

export interface AudienceContext {
	holderUserId?: number | null;
	displacedUserId?: number | null;
	/** A proposal's author, who never reviews it. */
	proposedBy?: number | null;
	/** The colleague a hand-over names. */
	handedToUserId?: number | null;
}

export async function recipientsOf(db: Db, kind: NotificationKind, context: AudienceContext): Promise<number[]> {
	const users = (await listUsers(db)).filter((u) => !u.disabled);
	const enabled = new Set(users.map((u) => u.id));
	switch (NOTIFICATION_RULES[kind].audience) {
		case 'takers':
			return users.filter((u) => can(u.role, 'mediate')).map((u) => u.id);
		case 'operators':
			return users.filter((u) => u.role === 'operator').map((u) => u.id);
		case 'reviewers':
			return users.filter((u) => can(u.role, 'mediate') && u.id !== context.proposedBy).map((u) => u.id);
		case 'holder':
			return context.holderUserId != null && enabled.has(context.holderUserId) ? [context.holderUserId] : [];
		case 'displaced':
			return context.displacedUserId != null && enabled.has(context.displacedUserId) ? [context.displacedUserId] : [];
		case 'handed':
			return context.handedToUserId != null && enabled.has(context.handedToUserId) ? [context.handedToUserId] : [];
	}
}
