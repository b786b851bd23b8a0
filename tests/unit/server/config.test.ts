import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BLOB_HOSTS, loadConfig, parseConfig, parseConfigFile } from '../../../src/lib/server/config.ts';
import { getPubkey, fromHex } from '../../../src/lib/protocol/keys.ts';

const NODE_KEY = '11'.repeat(32);
const NODE_PUBKEY = getPubkey(fromHex(NODE_KEY));
/** What bin/start.mjs hands the server after starting the sandbox. */
const SANDBOX_ENV = {
	MEDIATOR_SANDBOX_NODE: NODE_PUBKEY,
	MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
	MEDIATOR_BLOB_UPLOAD_URL: 'http://127.0.0.1:40002'
};

describe('configuration', () => {
	it('has safe defaults', () => {
		const config = parseConfig({}, {}, '/srv/console');
		expect(config).toMatchObject({ host: '127.0.0.1', port: 5173, dataDir: '/srv/console/data', masterKeyHex: null, mostroPubkey: null, mostroRelays: [] });
	});

	it('reads the crash point used only by the crash-safety tests', () => {
		expect(parseConfig({}).testCrashPoint).toBeNull();
		expect(parseConfig({ MEDIATOR_TEST_CRASH_POINT: 'after-publish:admin-take-dispute' }).testCrashPoint).toEqual({ point: 'after-publish', action: 'admin-take-dispute' });
		expect(() => parseConfig({ MEDIATOR_TEST_CRASH_POINT: 'sometimes' })).toThrow(/MEDIATOR_TEST_CRASH_POINT/);
	});

	it('names the setting that is wrong', () => {
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT must be a number/);
		expect(() => parseConfig({ PORT: '70000' })).toThrow(ConfigError);
		expect(() => parseConfig({ MEDIATOR_MASTER_KEY: 'abc' })).toThrow(/MEDIATOR_MASTER_KEY/);
		expect(() => parseConfig({ MOSTRO_PUBKEY: 'nope' })).toThrow(/MOSTRO_PUBKEY/);
		expect(() => parseConfig({ MOSTRO_RELAYS: 'wss://ok.example, https://not-a-relay' })).toThrow(/MOSTRO_RELAYS/);
		expect(() => parseConfig({ ORIGIN: 'ftp://x' })).toThrow(/ORIGIN/);
		expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
	});

	it('reads mediator.config.json, with the environment winning', () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-config-'));
		writeFileSync(join(dir, 'mediator.config.json'), JSON.stringify({ port: 6000, mostroRelays: ['wss://a.example', 'wss://b.example'] }));
		const config = loadConfig({ PORT: '6001' }, dir);
		expect(config.port).toBe(6001);
		expect(config.mostroRelays).toEqual(['wss://a.example', 'wss://b.example']);
	});

	it('refuses an unknown key or broken JSON in the file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-config-'));
		writeFileSync(join(dir, 'mediator.config.json'), JSON.stringify({ prot: 1 }));
		expect(() => loadConfig({}, dir)).toThrow(/prot/);
		writeFileSync(join(dir, 'mediator.config.json'), '{');
		expect(() => loadConfig({}, dir)).toThrow(/not valid JSON/);
	});

	it('defaults to sandbox auto (not running), the public Blossom hosts and no loopback', () => {
		const config = parseConfig({});
		expect(config.sandbox).toEqual({ mode: 'auto', launchedNode: null, trickleMs: 90_000, disputes: 12, bonds: false });
		expect(config.blobs).toEqual({ allowedHosts: [...DEFAULT_BLOB_HOSTS], allowLoopback: false, uploadUrl: null });
		expect(DEFAULT_BLOB_HOSTS).toContain('blossom.primal.net');
		expect(DEFAULT_BLOB_HOSTS).toHaveLength(9);
	});

	it('reads what npm start hands over after starting the sandbox', () => {
		const config = parseConfig({ ...SANDBOX_ENV, MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
		expect(config.sandbox).toEqual({ mode: 'auto', launchedNode: NODE_PUBKEY, trickleMs: 0, disputes: 3, bonds: false });
		expect(config.blobs).toMatchObject({ allowLoopback: true, uploadUrl: 'http://127.0.0.1:40002' });
		// The node itself reaches the console as a settings row, not through the environment.
		expect(config.mostroPubkey).toBeNull();
	});

	it('MEDIATOR_SANDBOX_BONDS turns the bonds of the sandbox node on (environment or file), off by default, and refuses anything else', () => {
		expect(parseConfig({ MEDIATOR_SANDBOX_BONDS: 'on' }).sandbox.bonds).toBe(true);
		expect(parseConfig({}, parseConfigFile({ sandboxBonds: 'on' })).sandbox.bonds).toBe(true);
		expect(parseConfig({ MEDIATOR_SANDBOX_BONDS: 'off' }, parseConfigFile({ sandboxBonds: 'on' })).sandbox.bonds).toBe(false);
		expect(() => parseConfig({ MEDIATOR_SANDBOX_BONDS: 'yes' })).toThrow(/MEDIATOR_SANDBOX_BONDS must be on or off, got "yes"/);
	});

	it('turns the sandbox off and reads blob settings from the file', () => {
		const config = parseConfig({}, { MEDIATOR_SANDBOX: 'off', MEDIATOR_BLOB_HOSTS: 'Blossom.Band, files.example.org:8443', MEDIATOR_BLOB_UPLOAD_URL: 'https://blossom.band/' });
		expect(config.sandbox.mode).toBe('off');
		expect(config.blobs).toEqual({ allowedHosts: ['blossom.band', 'files.example.org:8443'], allowLoopback: false, uploadUrl: 'https://blossom.band' });
	});

	it('allows no webhook host by default and reads the allow-list from the environment or the file', () => {
		expect(parseConfig({}).webhookHosts).toEqual([]);
		expect(parseConfig({ MEDIATOR_WEBHOOK_HOSTS: 'Hooks.Slack.com, pager.example.org:8443' }).webhookHosts).toEqual(['hooks.slack.com', 'pager.example.org:8443']);
		expect(parseConfig({}, parseConfigFile({ webhookHosts: ['matrix.example.org'] })).webhookHosts).toEqual(['matrix.example.org']);
		expect(() => parseConfig({ MEDIATOR_WEBHOOK_HOSTS: 'https://hooks.slack.com' })).toThrow(/MEDIATOR_WEBHOOK_HOSTS/);
	});

	it('refuses bad sandbox and blob settings, naming them', () => {
		expect(() => parseConfig({ MEDIATOR_SANDBOX: 'yes' })).toThrow(/MEDIATOR_SANDBOX must be auto or off/);
		expect(() => parseConfig({ MEDIATOR_SANDBOX_TRICKLE_MS: '-5' })).toThrow(/MEDIATOR_SANDBOX_TRICKLE_MS/);
		expect(() => parseConfig({ MEDIATOR_SANDBOX_TRICKLE_MS: '10' })).toThrow(/at least 1000/);
		expect(() => parseConfig({ MEDIATOR_SANDBOX_DISPUTES: '1000' })).toThrow(/MEDIATOR_SANDBOX_DISPUTES/);
		expect(() => parseConfig({ ...SANDBOX_ENV, MEDIATOR_SANDBOX_NODE: 'zz' })).toThrow(/MEDIATOR_SANDBOX_NODE must be/);
		expect(() => parseConfig({ ...SANDBOX_ENV, MEDIATOR_SANDBOX: 'off' })).toThrow(/MEDIATOR_SANDBOX is off/);
		expect(() => parseConfig({ MEDIATOR_BLOB_HOSTS: 'https://blossom.band' })).toThrow(/MEDIATOR_BLOB_HOSTS/);
		expect(() => parseConfig({ MEDIATOR_BLOB_UPLOAD_URL: 'http://blossom.band' })).toThrow(/MEDIATOR_BLOB_UPLOAD_URL/);
		expect(() => parseConfig({ MEDIATOR_BLOB_UPLOAD_URL: 'http://127.0.0.1:9000' })).toThrow(/MEDIATOR_BLOB_UPLOAD_URL/);
		expect(() => parseConfig({ ...SANDBOX_ENV, MEDIATOR_BLOB_ALLOW_LOOPBACK: 'maybe' })).toThrow(/MEDIATOR_BLOB_ALLOW_LOOPBACK must be true or false/);
	});

	it('takes no node, node key or LND connection from npm start: those are settings rows', () => {
		const handedOver = { ...SANDBOX_ENV, MEDIATOR_SANDBOX_NODE_KEY: NODE_KEY, MEDIATOR_SANDBOX_LND_SOCKET: '127.0.0.1:40003' };
		const config = parseConfig(handedOver);
		expect(config.mostroPubkey).toBeNull();
		expect(JSON.stringify(config)).not.toContain(NODE_KEY);
		expect(JSON.stringify(config)).not.toContain('40003');
	});

	it('allows loopback attachments only in the sandbox', () => {
		expect(() => parseConfig({ MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true' })).toThrow(/MEDIATOR_BLOB_ALLOW_LOOPBACK may be true only in the sandbox/);
		expect(parseConfig({ MEDIATOR_BLOB_ALLOW_LOOPBACK: 'false' }).blobs.allowLoopback).toBe(false);
	});

	it('never takes the sandbox marker or the loopback switch from the file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-config-'));
		writeFileSync(join(dir, 'mediator.config.json'), JSON.stringify({ sandboxNode: NODE_PUBKEY }));
		expect(() => loadConfig({}, dir)).toThrow(/sandboxNode/);
		writeFileSync(join(dir, 'mediator.config.json'), JSON.stringify({}));
		expect(loadConfig({ MEDIATOR_SANDBOX_NODE: NODE_PUBKEY, MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true' }, dir).sandbox.launchedNode).toBe(NODE_PUBKEY);
	});
});
