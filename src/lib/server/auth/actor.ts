// Who a server command acts for: the one actor shape every command, the audit log and every
// route share (issue 13, "One command shape"). A request's actor is built once, in the hook
// (`event.locals.actor`), from the signed-in user and the request id; routes only read it
// through `requireActor`. The console itself acts as a named system actor (`system`, `cli`,
// `node`, `sandbox`, `anonymous`) with no role.
//
// The command rule: every server entry point that acts for a person is
//     command(services, actor, subjectId, input)
// - `services`: the runtime's services the command needs (a `Pick` of them; `getRuntime()` fits);
// - `actor`: an `Actor` (a `PersonActor` where only a signed-in person may act);
// - `subjectId`: what the command acts on (a dispute id, a user id, a token id), or `null`
//   when it acts on no one thing (a setting, the caller's own account, a new record);
// - `input`: what was parsed from the form or JSON body; left out when there is none.
// Optional trailing arguments are for tests only (a fixed clock).
//
// Never: build an actor from request input, or give a system actor a role.
import type { Role } from '../../access/roles-table.ts';
import type { SessionUser } from './session-types.ts';

export interface Actor {
	/** The user acted for; null for the console itself. */
	readonly userId: number | null;
	/** Display name as the audit log shows it: the user's name, or the system actor's name. */
	readonly name: string;
	/** The user's role; null for the console itself. */
	readonly role: Role | null;
	/** The request that asked for the action (for logs), null outside a request. */
	readonly requestId: string | null;
}

/** A signed-in person: commands only a person may run take this. */
export interface PersonActor extends Actor {
	readonly userId: number;
	readonly role: Role;
}

export type SystemActorName = 'system' | 'cli' | 'node' | 'sandbox' | 'anonymous';

export function personActor(user: Pick<SessionUser, 'id' | 'name' | 'role'>, requestId: string | null = null): PersonActor {
	return { userId: user.id, name: user.name, role: user.role, requestId };
}

/**
 * The console acting by itself. `onBehalfOf`: the user whose earlier action this completes
 * (e.g. the node's answer to a take), recorded as the entry's user.
 */
export function systemActor(name: SystemActorName, onBehalfOf: number | null = null): Actor {
	return { userId: onBehalfOf, name, role: null, requestId: null };
}

/** The audit log's two actor columns: the one conversion from an actor to what is recorded. */
export function auditIdentity(actor: Actor): { actorUserId: number | null; actor: string } {
	return { actorUserId: actor.userId, actor: actor.name };
}
