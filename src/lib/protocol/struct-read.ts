// Small typed readers for untrusted JSON objects (used by every parse* in PROTOCOL.md §1, §3, §5.7).
// Each reader throws ProtocolError with the caller's code and a field path; it never coerces types.
import { ProtocolError, type ProtocolErrorCode } from './errors.ts';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class StructReader {
	readonly o: JsonObject;
	readonly path: string;
	readonly code: ProtocolErrorCode;

	constructor(value: unknown, path: string, code: ProtocolErrorCode) {
		if (!isJsonObject(value)) throw new ProtocolError(code, `${path} must be an object`);
		this.o = value;
		this.path = path;
		this.code = code;
	}

	fail(key: string, what: string): never {
		throw new ProtocolError(this.code, `${this.path}.${key} ${what}`);
	}

	has(key: string): boolean {
		return this.o[key] !== undefined && this.o[key] !== null;
	}

	str(key: string): string {
		const v = this.o[key];
		if (typeof v !== 'string') this.fail(key, 'must be a string');
		return v;
	}

	strOrNull(key: string): string | null {
		const v = this.o[key];
		if (v === undefined || v === null) return null;
		if (typeof v !== 'string') this.fail(key, 'must be a string or null');
		return v;
	}

	int(key: string): number {
		const v = this.o[key];
		if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(key, 'must be an integer');
		return v;
	}

	intOrNull(key: string): number | null {
		const v = this.o[key];
		if (v === undefined || v === null) return null;
		if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(key, 'must be an integer or null');
		return v;
	}

	num(key: string): number {
		const v = this.o[key];
		if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'must be a number');
		return v;
	}

	bool(key: string): boolean {
		const v = this.o[key];
		if (typeof v !== 'boolean') this.fail(key, 'must be a boolean');
		return v;
	}

	arr(key: string): unknown[] {
		const v = this.o[key];
		if (!Array.isArray(v)) this.fail(key, 'must be an array');
		return v;
	}
}

const UUID_HYPHEN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_SIMPLE = /^[0-9a-fA-F]{32}$/;

export function isUuid(v: unknown): v is string {
	return typeof v === 'string' && UUID_HYPHEN.test(v);
}

/** Accept hyphenated (any case) or simple 32-hex UUIDs; return lowercase hyphenated, or null. */
export function normalizeUuid(v: unknown): string | null {
	if (typeof v !== 'string') return null;
	if (UUID_HYPHEN.test(v)) return v.toLowerCase();
	if (UUID_SIMPLE.test(v)) {
		const h = v.toLowerCase();
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
	}
	return null;
}
