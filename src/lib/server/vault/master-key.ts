// Loads the key-encryption key: MEDIATOR_MASTER_KEY (64 hex chars) when configured,
// otherwise a 0600 key file in the data directory, generated on first run.
// Never prints the key; refuses a key file readable by others.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const MASTER_KEY_FILE = 'master.key';

export class MasterKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MasterKeyError';
	}
}

function parseHexKey(text: string, where: string): Uint8Array {
	const trimmed = text.trim();
	if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) throw new MasterKeyError(`${where} must be 64 hexadecimal characters`);
	return new Uint8Array(Buffer.from(trimmed, 'hex'));
}

export function loadMasterKey(dataDir: string, configuredHex: string | null): { key: Uint8Array; source: 'env' | 'file' | 'generated' } {
	if (configuredHex) return { key: parseHexKey(configuredHex, 'MEDIATOR_MASTER_KEY'), source: 'env' };
	const path = join(dataDir, MASTER_KEY_FILE);
	if (existsSync(path)) {
		const mode = statSync(path).mode & 0o777;
		if ((mode & 0o077) !== 0) {
			throw new MasterKeyError(`${path} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
		}
		return { key: parseHexKey(readFileSync(path, 'utf8'), path), source: 'file' };
	}
	const key = randomBytes(32);
	writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
	return { key: new Uint8Array(key), source: 'generated' };
}
