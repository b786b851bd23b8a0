// The command line against a real data directory: audit export and verify (file and live
// database; edited, dropped and reordered entries named), and backups while data exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'mm-cli-'));
const env = { ...process.env, MEDIATOR_DATA_DIR: dataDir };

function cli(...args: string[]) {
	const result = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', ...args], { env, encoding: 'utf8', timeout: 30_000 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
	for (const name of ['alice', 'bob', 'carol', 'dave']) execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', name, '--role', 'mediator'], { env });
});

describe('audit export and verify', () => {
	it('exports JSON lines that verify, and verifies the live database', () => {
		const exported = cli('audit', 'export');
		expect(exported.status).toBe(0);
		const lines = exported.stdout.trim().split('\n');
		expect(lines).toHaveLength(4);
		expect(JSON.parse(lines[0]!)).toMatchObject({ id: 1, action: 'user.created', actor: 'cli' });
		const file = join(dataDir, 'audit.jsonl');
		writeFileSync(file, exported.stdout);
		expect(cli('audit', 'verify', file)).toMatchObject({ status: 0 });
		expect(cli('audit', 'verify').stdout).toContain('4 entries');
	});

	it('names the first edited, dropped or reordered entry', () => {
		const lines = cli('audit', 'export').stdout.trim().split('\n');
		const write = (name: string, content: string[]) => {
			const path = join(dataDir, name);
			writeFileSync(path, content.join('\n') + '\n');
			return path;
		};
		const edited = [...lines];
		edited[1] = edited[1]!.replace('bob', 'eve');
		const check = (path: string) => cli('audit', 'verify', path);
		expect(check(write('edited.jsonl', edited))).toMatchObject({ status: 1, stderr: expect.stringContaining('entry 2') });
		expect(check(write('dropped.jsonl', [lines[0]!, lines[2]!, lines[3]!]))).toMatchObject({ status: 1, stderr: expect.stringContaining('entry 3') });
		expect(check(write('reordered.jsonl', [lines[0]!, lines[2]!, lines[1]!, lines[3]!]))).toMatchObject({ status: 1 });
		expect(check(write('garbage.jsonl', ['{not json']))).toMatchObject({ status: 1, stderr: expect.stringContaining('line 1') });
	});

	it('exports a time window that still verifies on its own', () => {
		const all = cli('audit', 'export').stdout.trim().split('\n').map((line) => JSON.parse(line) as { at: number });
		const from = new Date(all[2]!.at).toISOString();
		const window = cli('audit', 'export', '--from', from);
		expect(window.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(1);
		const path = join(dataDir, 'window.jsonl');
		writeFileSync(path, window.stdout);
		expect(cli('audit', 'verify', path).status).toBe(0);
		expect(cli('audit', 'export', '--from', 'yesterday-ish')).toMatchObject({ status: 2, stderr: expect.stringContaining('--from and --to') });
	});
});

describe('backup', () => {
	it('writes a consistent copy and refuses to overwrite', () => {
		const target = join(dataDir, 'backup.sqlite');
		const first = cli('backup', target);
		expect(first.status).toBe(0);
		expect(first.stdout).toContain('master key');
		expect(existsSync(target)).toBe(true);
		const copy = new DatabaseSync(target, { readOnly: true });
		expect(copy.prepare('SELECT COUNT(*) AS n FROM users').get()?.n).toBe(4);
		copy.close();
		expect(readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
		expect(cli('backup', target)).toMatchObject({ status: 1, stderr: expect.stringContaining('already exists') });
	});

	it('creates backup files readable by the owner only, even under a permissive umask', () => {
		const target = join(dataDir, 'private.sqlite');
		expect(cli('backup', target).status).toBe(0);
		expect(statSync(target).mode & 0o777).toBe(0o600);
	});

	it('--sealed encrypts the whole copy with the master key, and restore reads it back', () => {
		const target = join(dataDir, 'sealed.backup');
		const made = cli('backup', '--sealed', target);
		expect(made.status).toBe(0);
		expect(statSync(target).mode & 0o777).toBe(0o600);
		const bytes = readFileSync(target);
		expect(bytes.toString('utf8')).not.toContain('SQLite format 3');
		expect(bytes.toString('utf8')).not.toContain('alice');
		expect(cli('backup', '--sealed', target)).toMatchObject({ status: 1, stderr: expect.stringContaining('already exists') });
		const restored = join(dataDir, 'restored.sqlite');
		expect(cli('restore', target, restored)).toMatchObject({ status: 0 });
		expect(statSync(restored).mode & 0o777).toBe(0o600);
		const copy = new DatabaseSync(restored, { readOnly: true });
		expect(copy.prepare('SELECT COUNT(*) AS n FROM users').get()?.n).toBe(4);
		copy.close();
	});

	it('restore refuses a sealed backup that was edited', () => {
		const target = join(dataDir, 'edited.backup');
		expect(cli('backup', '--sealed', target).status).toBe(0);
		const text = readFileSync(target, 'utf8');
		const edited = text.slice(0, -10) + (text.at(-10) === 'A' ? 'B' : 'A') + text.slice(-9);
		writeFileSync(target + '.edited', edited);
		expect(cli('restore', target + '.edited', join(dataDir, 'nope.sqlite'))).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot be opened') });
		expect(existsSync(join(dataDir, 'nope.sqlite'))).toBe(false);
	});
});
