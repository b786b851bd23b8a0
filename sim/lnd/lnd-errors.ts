// Errors the LND double raises, each with the gRPC status code and the message text real
// LND uses (the `lightning` package matches some of these strings, e.g. 'invoice still
// open', 'unable to locate invoice'). It must never invent codes outside grpc's status set.

export type LndErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'FAILED_PRECONDITION' | 'UNAVAILABLE' | 'UNAUTHENTICATED';

export class LndError extends Error {
	readonly code: LndErrorCode;

	constructor(code: LndErrorCode, message: string) {
		super(message);
		this.name = 'LndError';
		this.code = code;
	}
}
