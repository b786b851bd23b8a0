// The console's configuration: environment variables, optionally overlaid on a
// `mediator.config.json`, parsed and validated once at start-up into a typed object.
// An invalid value stops start-up with a message naming the setting. Never logs secrets.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
	host: string;
	port: number;
	dataDir: string;
	/** Hex key-encryption key from the environment, or null to use the key file. */
	masterKeyHex: string | null;
	/** Public origin (scheme://host[:port]) when served behind a proxy; null = as requested. */
	origin: string | null;
	mostroPubkey: string | null;
	mostroRelays: string[];
	logLevel: 'debug' | 'info' | 'warn' | 'error';
	/** How long to wait for the node's answer before showing "no answer". */
	replyTimeoutMs: number;
}

export class ConfigError extends Error {
	readonly setting: string;
	constructor(setting: string, problem: string) {
		super(`invalid configuration: ${setting} ${problem}`);
		this.name = 'ConfigError';
		this.setting = setting;
	}
}

type Source = Record<string, unknown>;

const FILE_KEYS: Record<string, string> = {
	host: 'HOST',
	port: 'PORT',
	dataDir: 'MEDIATOR_DATA_DIR',
	origin: 'ORIGIN',
	mostroPubkey: 'MOSTRO_PUBKEY',
	mostroRelays: 'MOSTRO_RELAYS',
	logLevel: 'LOG_LEVEL',
	replyTimeoutMs: 'MEDIATOR_REPLY_TIMEOUT_MS'
};

function text(source: Source, name: string): string | null {
	const value = source[name];
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return value.trim();
	if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
	throw new ConfigError(name, 'must be a string');
}

function parsePort(value: string | null): number {
	if (value === null) return 5173;
	if (!/^\d+$/.test(value)) throw new ConfigError('PORT', `must be a number from 1 to 65535, got "${value}"`);
	const port = Number(value);
	if (port < 1 || port > 65535) throw new ConfigError('PORT', `must be a number from 1 to 65535, got "${value}"`);
	return port;
}

function parseOrigin(value: string | null): string | null {
	if (value === null) return null;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ConfigError('ORIGIN', `must be a URL such as https://mediator.example.com, got "${value}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('ORIGIN', 'must use http or https');
	return url.origin;
}

function parsePubkey(value: string | null): string | null {
	if (value === null) return null;
	if (/^[0-9a-f]{64}$/i.test(value) || /^npub1[02-9ac-hj-np-z]{58}$/.test(value)) return value;
	throw new ConfigError('MOSTRO_PUBKEY', 'must be 64 hex characters or an npub');
}

function parseRelays(value: string | null): string[] {
	if (value === null) return [];
	const relays = value.split(',').map((item) => item.trim()).filter(Boolean);
	for (const relay of relays) {
		let url: URL | null = null;
		try {
			url = new URL(relay);
		} catch {
			url = null;
		}
		if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:')) {
			throw new ConfigError('MOSTRO_RELAYS', `must be a comma-separated list of ws:// or wss:// URLs, got "${relay}"`);
		}
	}
	return relays;
}

function parseMasterKey(value: string | null): string | null {
	if (value === null) return null;
	if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new ConfigError('MEDIATOR_MASTER_KEY', 'must be 64 hexadecimal characters (32 bytes)');
	return value.toLowerCase();
}

function parseTimeout(value: string | null): number {
	if (value === null) return 15_000;
	const ms = Number(value);
	if (!/^\d+$/.test(value) || ms < 100 || ms > 600_000) throw new ConfigError('MEDIATOR_REPLY_TIMEOUT_MS', 'must be a number of milliseconds from 100 to 600000');
	return ms;
}

function parseLogLevel(value: string | null): Config['logLevel'] {
	if (value === null) return 'info';
	if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
	throw new ConfigError('LOG_LEVEL', 'must be one of debug, info, warn, error');
}

/** Maps the JSON file's camelCase keys onto setting names; unknown keys are an error. */
export function parseConfigFile(json: unknown): Source {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		throw new ConfigError('mediator.config.json', 'must contain a JSON object');
	}
	const out: Source = {};
	for (const [key, value] of Object.entries(json)) {
		const name = FILE_KEYS[key];
		if (!name) throw new ConfigError(`mediator.config.json: ${key}`, `is not a known setting (known: ${Object.keys(FILE_KEYS).join(', ')})`);
		out[name] = value;
	}
	return out;
}

/** Environment wins over the file. The master key is accepted only from the environment. */
export function parseConfig(env: Source, file: Source = {}, cwd = process.cwd()): Config {
	const merged: Source = { ...file };
	for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') merged[key] = value;
	return {
		host: text(merged, 'HOST') ?? '127.0.0.1',
		port: parsePort(text(merged, 'PORT')),
		dataDir: resolve(cwd, text(merged, 'MEDIATOR_DATA_DIR') ?? './data'),
		masterKeyHex: parseMasterKey(text(env, 'MEDIATOR_MASTER_KEY')),
		origin: parseOrigin(text(merged, 'ORIGIN')),
		mostroPubkey: parsePubkey(text(merged, 'MOSTRO_PUBKEY')),
		mostroRelays: parseRelays(text(merged, 'MOSTRO_RELAYS')),
		logLevel: parseLogLevel(text(merged, 'LOG_LEVEL')),
		replyTimeoutMs: parseTimeout(text(merged, 'MEDIATOR_REPLY_TIMEOUT_MS'))
	};
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
	const filePath = resolve(cwd, env.MEDIATOR_CONFIG ?? 'mediator.config.json');
	let file: Source = {};
	if (existsSync(filePath)) {
		let json: unknown;
		try {
			json = JSON.parse(readFileSync(filePath, 'utf8'));
		} catch (error) {
			throw new ConfigError(filePath, `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
		}
		file = parseConfigFile(json);
	} else if (env.MEDIATOR_CONFIG) {
		throw new ConfigError('MEDIATOR_CONFIG', `points at ${filePath}, which does not exist`);
	}
	return parseConfig(env, file, cwd);
}
