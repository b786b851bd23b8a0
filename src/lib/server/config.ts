// The console's configuration: environment variables, optionally overlaid on a
// `mediator.config.json`, parsed and validated once at start-up into a typed object.
// An invalid value stops start-up with a message naming the setting. Never logs secrets.
// MEDIATOR_SANDBOX_NODE is handed over by bin/start.mjs after it starts the sandbox: it only
// says the process was launched as the sandbox (the banner). The sandbox's node and LND
// connections reach the console as settings rows, seeded the way an operator saves them.
import { splitRelayList } from './relays/relay-url.ts';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePubkey as parseNostrPubkey } from '../protocol/keys.ts';
import { CRASH_POINT_NAMES, type CrashPoint } from './test-crash-point.ts';

export interface Config {
	host: string;
	port: number;
	dataDir: string;
	/** Hex key-encryption key from the environment, or null to use the key file. */
	masterKeyHex: string | null;
	/** MEDIATOR_DATABASE_URL (environment only: it may hold a password): postgres://… selects PostgreSQL; null = SQLite in the data directory. */
	databaseUrl: string | null;
	/** Public origin (scheme://host[:port]) when served behind a proxy; null = as requested. */
	origin: string | null;
	mostroPubkey: string | null;
	mostroRelays: string[];
	logLevel: 'debug' | 'info' | 'warn' | 'error';
	/** How long to wait for the node's answer before showing "no answer". */
	replyTimeoutMs: number;
	/**
	 * MEDIATOR_TEST_CRASH_POINT, for crash-safety tests only: `<point>[:<action>]` — the server
	 * kills itself right after writing an action's journal row (`after-journal`) or after
	 * publishing it (`after-publish`), for every action or only the one named; or at one of the
	 * chat and evidence points listed in test-crash-point.ts.
	 */
	testCrashPoint: CrashPoint | null;
	sandbox: SandboxConfig;
	blobs: BlobConfig;
	/** MEDIATOR_WEBHOOK_HOSTS: the hosts (host or host:port) webhook endpoints may point at; none by default. */
	webhookHosts: string[];
}

export interface SandboxConfig {
	/** MEDIATOR_SANDBOX: `auto` lets `npm start` start the sandbox when no node is configured; `off` never. */
	mode: 'auto' | 'off';
	/** Hex pubkey of the sandbox's node double when `npm start` launched this process as the sandbox (MEDIATOR_SANDBOX_NODE); null otherwise. Shown as a banner only. */
	launchedNode: string | null;
	/** Period of new sandbox disputes in ms; 0 = off. */
	trickleMs: number;
	/** Disputes the sandbox seeds on its first start. */
	disputes: number;
	/** MEDIATOR_SANDBOX_BONDS=on: the sandbox's node double takes anti-abuse bonds, so slashing can be practised. */
	bonds: boolean;
}

export interface BlobConfig {
	/** Blossom hosts the console fetches encrypted attachments from. */
	allowedHosts: string[];
	/** Also fetch from http://127.0.0.1 / localhost (the sandbox's blob server). Sandbox only. */
	allowLoopback: boolean;
	/** Blossom server the console uploads the files it sends to; null = none configured. */
	uploadUrl: string | null;
}

/** The public Blossom servers of PROTOCOL.md §5.7. */
export const DEFAULT_BLOB_HOSTS: readonly string[] = ['blossom.primal.net', 'blossom.band', 'nostr.media', 'blossom.sector01.com', '24242.io', 'otherstuff.shaving.kiwi', 'blossom.f7z.io', 'nosto.re', 'blossom.poster.place'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

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
	replyTimeoutMs: 'MEDIATOR_REPLY_TIMEOUT_MS',
	sandbox: 'MEDIATOR_SANDBOX',
	sandboxTrickleMs: 'MEDIATOR_SANDBOX_TRICKLE_MS',
	sandboxDisputes: 'MEDIATOR_SANDBOX_DISPUTES',
	sandboxBonds: 'MEDIATOR_SANDBOX_BONDS',
	blobHosts: 'MEDIATOR_BLOB_HOSTS',
	blobUploadUrl: 'MEDIATOR_BLOB_UPLOAD_URL',
	webhookHosts: 'MEDIATOR_WEBHOOK_HOSTS'
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
	const { relays, invalid } = splitRelayList(value);
	if (invalid !== null) throw new ConfigError('MOSTRO_RELAYS', `must be a comma-separated list of ws:// or wss:// URLs, got "${invalid}"`);
	return relays;
}

function parseDatabaseUrl(value: string | null): string | null {
	if (value === null) return null;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ConfigError('MEDIATOR_DATABASE_URL', 'must be a URL such as postgres://user:password@host:5432/mediator');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError('MEDIATOR_DATABASE_URL', 'must start with postgres:// or postgresql://');
	return value;
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

function parseCrashPoint(value: string | null): Config['testCrashPoint'] {
	if (value === null) return null;
	const match = /^([a-z-]+?)(?::([a-z-]+))?$/.exec(value);
	const point = CRASH_POINT_NAMES.find((name) => name === match?.[1]);
	if (!match || !point) throw new ConfigError('MEDIATOR_TEST_CRASH_POINT', `must be one of ${CRASH_POINT_NAMES.join(', ')}, optionally :<action> (crash-safety tests only)`);
	return { point, action: match[2] ?? null };
}

function parseLogLevel(value: string | null): Config['logLevel'] {
	if (value === null) return 'info';
	if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
	throw new ConfigError('LOG_LEVEL', 'must be one of debug, info, warn, error');
}

function parseSandboxMode(value: string | null): SandboxConfig['mode'] {
	if (value === null || value === 'auto') return 'auto';
	if (value === 'off') return 'off';
	throw new ConfigError('MEDIATOR_SANDBOX', `must be auto or off, got "${value}"`);
}

function parseSandboxBonds(value: string | null): boolean {
	if (value === null || value === 'off') return false;
	if (value === 'on') return true;
	throw new ConfigError('MEDIATOR_SANDBOX_BONDS', `must be on or off, got "${value}"`);
}

function parseCount(setting: string, value: string | null, fallback: number, min: number, max: number): number {
	if (value === null) return fallback;
	const n = Number(value);
	if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(setting, `must be a whole number from ${min} to ${max}, got "${value}"`);
	return n;
}

function parseTrickle(value: string | null): number {
	const ms = parseCount('MEDIATOR_SANDBOX_TRICKLE_MS', value, 90_000, 0, 86_400_000);
	if (ms !== 0 && ms < 1000) throw new ConfigError('MEDIATOR_SANDBOX_TRICKLE_MS', 'must be 0 (off) or at least 1000 milliseconds');
	return ms;
}

function parseBoolean(setting: string, value: string | null): boolean {
	if (value === null) return false;
	if (value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	throw new ConfigError(setting, `must be true or false, got "${value}"`);
}

/** The sandbox node's pubkey handed over by npm start; only the banner reads it. */
function parseLaunchedNode(value: string | null): string | null {
	if (value === null) return null;
	const pubkey = parsePubkeyOrNull(value);
	if (pubkey === null) throw new ConfigError('MEDIATOR_SANDBOX_NODE', 'must be the 64-hex pubkey of the sandbox node (set by npm start)');
	return pubkey;
}

function parseHostList(value: string | null, setting = 'MEDIATOR_BLOB_HOSTS', fallback: readonly string[] = DEFAULT_BLOB_HOSTS): string[] {
	if (value === null) return [...fallback];
	const hosts = [
		...new Set(
			value
				.split(',')
				.map((item) => item.trim().toLowerCase())
				.filter(Boolean)
		)
	];
	for (const host of hosts) {
		if (!/^(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(host)) {
			throw new ConfigError(setting, `must be a comma-separated list of host names such as example.com, got "${host}"`);
		}
	}
	return hosts;
}

function parseUploadUrl(value: string | null, allowLoopback: boolean): string | null {
	if (value === null) return null;
	const url = URL.parse(value);
	const loopbackHttp = url?.protocol === 'http:' && allowLoopback && LOOPBACK_HOSTS.has(url.hostname);
	if (!url || (url.protocol !== 'https:' && !loopbackHttp)) {
		throw new ConfigError('MEDIATOR_BLOB_UPLOAD_URL', `must be an https:// URL of a Blossom server (http:// only to the sandbox), got "${value}"`);
	}
	return url.href.replace(/\/$/, '');
}

function parseSandbox(merged: Source, env: Source): SandboxConfig {
	const mode = parseSandboxMode(text(merged, 'MEDIATOR_SANDBOX'));
	const launchedNode = parseLaunchedNode(text(env, 'MEDIATOR_SANDBOX_NODE'));
	if (launchedNode && mode === 'off') throw new ConfigError('MEDIATOR_SANDBOX_NODE', 'is set but MEDIATOR_SANDBOX is off');
	return {
		mode,
		launchedNode,
		trickleMs: parseTrickle(text(merged, 'MEDIATOR_SANDBOX_TRICKLE_MS')),
		disputes: parseCount('MEDIATOR_SANDBOX_DISPUTES', text(merged, 'MEDIATOR_SANDBOX_DISPUTES'), 12, 0, 200),
		bonds: parseSandboxBonds(text(merged, 'MEDIATOR_SANDBOX_BONDS'))
	};
}

function parsePubkeyOrNull(value: string): string | null {
	try {
		return parseNostrPubkey(value);
	} catch {
		return null;
	}
}

function parseBlobs(env: Source, merged: Source, launchedAsSandbox: boolean): BlobConfig {
	const allowLoopback = parseBoolean('MEDIATOR_BLOB_ALLOW_LOOPBACK', text(env, 'MEDIATOR_BLOB_ALLOW_LOOPBACK'));
	if (allowLoopback && !launchedAsSandbox) throw new ConfigError('MEDIATOR_BLOB_ALLOW_LOOPBACK', 'may be true only in the sandbox (set by npm start)');
	return {
		allowedHosts: parseHostList(text(merged, 'MEDIATOR_BLOB_HOSTS')),
		allowLoopback,
		uploadUrl: parseUploadUrl(text(merged, 'MEDIATOR_BLOB_UPLOAD_URL'), allowLoopback)
	};
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

/**
 * Environment wins over the file. The master key, the database URL, the sandbox marker (MEDIATOR_SANDBOX_NODE)
 * and the loopback switch for attachments are accepted only from the environment.
 */
export function parseConfig(env: Source, file: Source = {}, cwd = process.cwd()): Config {
	const merged: Source = { ...file };
	for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') merged[key] = value;
	const sandbox = parseSandbox(merged, env);
	return {
		host: text(merged, 'HOST') ?? '127.0.0.1',
		port: parsePort(text(merged, 'PORT')),
		dataDir: resolve(cwd, text(merged, 'MEDIATOR_DATA_DIR') ?? './data'),
		masterKeyHex: parseMasterKey(text(env, 'MEDIATOR_MASTER_KEY')),
		databaseUrl: parseDatabaseUrl(text(env, 'MEDIATOR_DATABASE_URL')),
		origin: parseOrigin(text(merged, 'ORIGIN')),
		mostroPubkey: parsePubkey(text(merged, 'MOSTRO_PUBKEY')),
		mostroRelays: parseRelays(text(merged, 'MOSTRO_RELAYS')),
		logLevel: parseLogLevel(text(merged, 'LOG_LEVEL')),
		replyTimeoutMs: parseTimeout(text(merged, 'MEDIATOR_REPLY_TIMEOUT_MS')),
		testCrashPoint: parseCrashPoint(text(env, 'MEDIATOR_TEST_CRASH_POINT')),
		sandbox,
		blobs: parseBlobs(env, merged, sandbox.launchedNode !== null),
		webhookHosts: parseHostList(text(merged, 'MEDIATOR_WEBHOOK_HOSTS'), 'MEDIATOR_WEBHOOK_HOSTS', [])
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
