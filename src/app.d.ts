// Types shared by every route: the signed-in user and session, and the error shape.
import type { SessionUser, SessionRecord } from './lib/server/auth/session-types.ts';

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
			session: SessionRecord | null;
			requestId: string;
			locale: 'en' | 'es';
		}
	}
}

export {};
