// Types shared by every route: the signed-in user and session, and the error shape.
import type { SessionUser, SessionRecord } from './lib/server/auth/session-types.ts';
import type { PersonActor } from './lib/server/auth/actor.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			requestId?: string;
			/** A 403 page: the path the role was refused (explained by $lib/access/refusal). */
			path?: string;
		}
		interface Locals {
			user: SessionUser | null;
			/** Who this request acts for (set with `user`); commands take it. */
			actor: PersonActor | null;
			session: SessionRecord | null;
			requestId: string;
			locale: 'en' | 'es';
		}
	}
}

export {};
