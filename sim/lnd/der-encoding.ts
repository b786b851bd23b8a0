// Minimal DER (ITU-T X.690) encoders for building one X.509 certificate: lengths, TLVs,
// INTEGER, OBJECT IDENTIFIER, strings, UTCTime, BIT STRING and context tags.
// Encode-only and definite-length only. It must never emit a non-minimal length or a
// negative INTEGER by accident (a leading zero is added when the high bit is set).

export function derLength(length: number): Uint8Array {
	if (length < 0x80) return Uint8Array.of(length);
	const bytes: number[] = [];
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
	return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

export function derTlv(tag: number, ...content: Uint8Array[]): Uint8Array {
	const body = concatBytes(...content);
	return concatBytes(Uint8Array.of(tag), derLength(body.length), body);
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => derTlv(0x30, ...items);
export const derSet = (...items: Uint8Array[]): Uint8Array => derTlv(0x31, ...items);
export const derOctetString = (bytes: Uint8Array): Uint8Array => derTlv(0x04, bytes);
export const derUtf8String = (text: string): Uint8Array => derTlv(0x0c, new TextEncoder().encode(text));
export const derBoolean = (value: boolean): Uint8Array => derTlv(0x01, Uint8Array.of(value ? 0xff : 0));

/** Unsigned big-endian integer bytes → DER INTEGER (minimal, non-negative). */
export function derUnsignedInteger(bytes: Uint8Array): Uint8Array {
	let start = 0;
	while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
	const trimmed = bytes.subarray(start);
	const needsPad = (trimmed[0] ?? 0) >= 0x80;
	return derTlv(0x02, needsPad ? Uint8Array.of(0) : new Uint8Array(0), trimmed.length ? trimmed : Uint8Array.of(0));
}

export function derSmallInteger(value: number): Uint8Array {
	return derUnsignedInteger(Uint8Array.of(value));
}

/** Dotted OID string → DER OBJECT IDENTIFIER. */
export function derObjectId(dotted: string): Uint8Array {
	const arcs = dotted.split('.').map(Number);
	const [first = 0, second = 0, ...rest] = arcs;
	const out: number[] = [first * 40 + second];
	for (const arc of rest) {
		const chunk: number[] = [arc & 0x7f];
		for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
			chunk.unshift(0x80 | (value & 0x7f));
		}
		out.push(...chunk);
	}
	return derTlv(0x06, Uint8Array.from(out));
}

/** UTCTime YYMMDDHHMMSSZ (valid for years 1950–2049, as X.509 requires for UTCTime). */
export function derUtcTime(date: Date): Uint8Array {
	const pad = (n: number): string => String(n).padStart(2, '0');
	const text = pad(date.getUTCFullYear() % 100) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + 'Z';
	return derTlv(0x17, new TextEncoder().encode(text));
}

export function derBitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
	return derTlv(0x03, Uint8Array.of(unusedBits), bytes);
}

/** Context-specific constructed tag [n] (EXPLICIT wrapping). */
export const derExplicit = (n: number, ...content: Uint8Array[]): Uint8Array => derTlv(0xa0 | n, ...content);

/** Context-specific primitive tag [n] (IMPLICIT primitive, e.g. GeneralName choices). */
export const derImplicit = (n: number, bytes: Uint8Array): Uint8Array => derTlv(0x80 | n, bytes);
