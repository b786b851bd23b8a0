import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/lib/server/config.ts';

describe('configuration', () => {
	it('has safe defaults', () => {
		const config = parseConfig({}, {}, '/srv/console');
		expect(config).toMatchObject({ host: '127.0.0.1', port: 5173, dataDir: '/srv/console/data', masterKeyHex: null, mostroPubkey: null, mostroRelays: [] });
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
});
