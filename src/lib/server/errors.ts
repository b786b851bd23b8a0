// Expected refusals, as typed errors separate from bugs. Routes map them with
// `toFailure`; anything else is rethrown so handleError logs it with a request id.
export type RefusalCode =
	| 'invalid_input'
	| 'not_authorized'
	| 'not_found'
	| 'conflict'
	| 'rate_limited'
	| 'bad_credentials'
	| 'weak_password'
	| 'expired'
	/** The data disk is full: nothing was written. */
	| 'storage_full';

const STATUS: Record<RefusalCode, number> = {
	invalid_input: 400,
	not_authorized: 403,
	not_found: 404,
	conflict: 409,
	rate_limited: 429,
	bad_credentials: 400,
	weak_password: 400,
	expired: 410,
	storage_full: 507
};

export class Refusal extends Error {
	readonly code: RefusalCode;
	/** The form field the refusal is about, when there is one. */
	readonly field: string | null;
	/** i18n key of the message the user sees. */
	readonly messageKey: string;
	readonly params: Record<string, string | number>;
	constructor(code: RefusalCode, messageKey: string, options: { field?: string; params?: Record<string, string | number> } = {}) {
		super(`${code}: ${messageKey}`);
		this.name = 'Refusal';
		this.code = code;
		this.messageKey = messageKey;
		this.field = options.field ?? null;
		this.params = options.params ?? {};
	}

	get status(): number {
		return STATUS[this.code];
	}
}

export function isRefusal(error: unknown): error is Refusal {
	return error instanceof Refusal;
}
