// Types shared by every route: the signed-in user and session, and the error shape.
import type { SessionUser, SessionRecord } from './lib/server/auth/session-types.ts';
import type { Locale } from './lib/i18n/locales.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			requestId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: SessionRecord | null;
			requestId: string;
			locale: Locale;
		}
	}
}

export {};
