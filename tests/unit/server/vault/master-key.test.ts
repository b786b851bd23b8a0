import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, MasterKeyError } from '../../../../src/lib/server/vault/master-key.ts';

describe('master key', () => {
	it('generates a 0600 key file once and reads it back', () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-key-'));
		const first = loadMasterKey(dir, null);
		expect(first.source).toBe('generated');
		expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
		const second = loadMasterKey(dir, null);
		expect(second.source).toBe('file');
		expect(Buffer.from(second.key).equals(Buffer.from(first.key))).toBe(true);
	});

	it('prefers the configured key and refuses a world-readable file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-key-'));
		expect(loadMasterKey(dir, 'ab'.repeat(32)).source).toBe('env');
		loadMasterKey(dir, null);
		chmodSync(join(dir, 'master.key'), 0o644);
		expect(() => loadMasterKey(dir, null)).toThrow(MasterKeyError);
	});
});
