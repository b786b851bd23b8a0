// Parses frames received from a relay (NIP-01 relay → client messages). Relays are
// untrusted: oversize frames, bad JSON and unknown shapes become a typed `invalid`
// result, never an exception. The event inside EVENT stays `unknown` for intake.
export const MAX_FRAME_BYTES = 512 * 1024;

export type RelayFrame =
	| { type: 'EVENT'; subscription: string; event: unknown }
	| { type: 'EOSE'; subscription: string }
	| { type: 'OK'; eventId: string; accepted: boolean; message: string }
	| { type: 'CLOSED'; subscription: string; message: string }
	| { type: 'NOTICE'; message: string }
	| { type: 'invalid'; reason: 'too_large' | 'bad_json' | 'bad_shape' };

export function parseRelayFrame(data: string): RelayFrame {
	if (data.length > MAX_FRAME_BYTES) return { type: 'invalid', reason: 'too_large' };
	let frame: unknown;
	try {
		frame = JSON.parse(data);
	} catch {
		return { type: 'invalid', reason: 'bad_json' };
	}
	if (!Array.isArray(frame) || typeof frame[0] !== 'string') return { type: 'invalid', reason: 'bad_shape' };
	const [type, a, b, c] = frame as unknown[];
	const str = (v: unknown) => (typeof v === 'string' ? v : null);
	switch (type) {
		case 'EVENT':
			return str(a) !== null && frame.length === 3 ? { type, subscription: a as string, event: b } : { type: 'invalid', reason: 'bad_shape' };
		case 'EOSE':
			return str(a) !== null ? { type, subscription: a as string } : { type: 'invalid', reason: 'bad_shape' };
		case 'OK':
			return str(a) !== null && typeof b === 'boolean' ? { type, eventId: a as string, accepted: b, message: str(c) ?? '' } : { type: 'invalid', reason: 'bad_shape' };
		case 'CLOSED':
			return str(a) !== null ? { type, subscription: a as string, message: str(b) ?? '' } : { type: 'invalid', reason: 'bad_shape' };
		case 'NOTICE':
			return { type, message: str(a) ?? '' };
		default:
			return { type: 'invalid', reason: 'bad_shape' };
	}
}
