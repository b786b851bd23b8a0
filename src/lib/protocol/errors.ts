// Typed errors for the protocol library (all PROTOCOL.md sections).
// Every parse*/unwrap* function throws only ProtocolError, never a raw TypeError or a
// library exception. Must never carry secret key material in its message or detail.

export type ProtocolErrorCode =
	| 'invalid_json'
	| 'invalid_event'
	| 'bad_signature'
	| 'wrong_author'
	| 'wrong_kind'
	| 'missing_tag'
	| 'invalid_tag'
	| 'invalid_message'
	| 'invalid_payload'
	| 'invalid_key'
	| 'invalid_argument'
	| 'not_addressed'
	| 'decrypt_failed'
	| 'too_large'
	| 'pow_exhausted'
	| 'invalid_attachment'
	| 'hash_mismatch';

export class ProtocolError extends Error {
	readonly code: ProtocolErrorCode;
	readonly detail: string | undefined;

	constructor(code: ProtocolErrorCode, message: string, detail?: string) {
		super(message);
		this.name = 'ProtocolError';
		this.code = code;
		this.detail = detail;
	}
}

export function isProtocolError(value: unknown): value is ProtocolError {
	return value instanceof ProtocolError;
}

/** Run `fn`; any non-ProtocolError exception becomes a ProtocolError with `code`. */
export function guardProtocol<T>(code: ProtocolErrorCode, message: string, fn: () => T): T {
	try {
		return fn();
	} catch (err) {
		if (err instanceof ProtocolError) throw err;
		throw new ProtocolError(code, message, err instanceof Error ? err.message : String(err));
	}
}
