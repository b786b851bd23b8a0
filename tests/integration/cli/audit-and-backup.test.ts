// The command line against a real data directory: audit export and verify (file and live
// database; edited, dropped and reordered entries named), and backups while data exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'mm-cli-'));
// The SQLite database in the data directory (backups copy that file), also when PostgreSQL is configured around the tests.
const env = { ...process.env, LC_ALL: 'C', MEDIATOR_DATA_DIR: dataDir, MEDIATOR_DATABASE_URL: '' };

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
		// Four entries, each user change checkpointed at once.
		expect(lines).toHaveLength(8);
		expect(lines.slice(4).every((line) => line.startsWith('{"checkpoint"'))).toBe(true);
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
		const all = cli('audit', 'export')
			.stdout.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as { at: number });
		const from = new Date(all[2]!.at).toISOString();
		const window = cli('audit', 'export', '--from', from);
		expect(window.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(1);
		const path = join(dataDir, 'window.jsonl');
		writeFileSync(path, window.stdout);
		expect(cli('audit', 'verify', path).status).toBe(0);
		expect(cli('audit', 'export', '--from', 'yesterday-ish')).toMatchObject({ status: 2, stderr: expect.stringContaining('--from and --to') });
	});
});

describe('pinned audit key', () => {
	it('prints the audit key, trusts only it when pinned, and says so when not pinned', () => {
		const key = cli('audit', 'key');
		expect(key.status).toBe(0);
		const pubkey = key.stdout.trim();
		expect(pubkey).toMatch(/^[0-9a-f]{64}$/);
		expect(cli('audit', 'key').stdout.trim()).toBe(pubkey);
		const unpinned = cli('audit', 'verify');
		expect(unpinned).toMatchObject({ status: 0, stdout: expect.stringContaining('no audit key pinned') });
		expect(unpinned.stdout).toContain(pubkey);
		expect(cli('audit', 'verify', '--pubkey', pubkey)).toMatchObject({ status: 0, stdout: expect.stringContaining('pinned audit key') });
		const other = 'ab'.repeat(32);
		expect(cli('audit', 'verify', '--pubkey', other)).toMatchObject({ status: 1, stderr: expect.stringContaining('not by the pinned audit key') });
		const viaEnv = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', 'audit', 'verify'], { env: { ...env, MEDIATOR_AUDIT_PUBKEY: other }, encoding: 'utf8', timeout: 30_000 });
		expect(viaEnv.status).toBe(1);
		expect(cli('audit', 'verify', '--pubkey', 'not-hex')).toMatchObject({ status: 2 });
	});

	it('signs a checkpoint at once after a user is added from the command line', () => {
		const lines = cli('audit', 'export').stdout.trim().split('\n');
		const checkpoints = lines.filter((line) => line.startsWith('{"checkpoint"'));
		const last = JSON.parse(checkpoints[checkpoints.length - 1]!) as { checkpoint: { entryId: number } };
		const entries = lines.filter((line) => !line.startsWith('{"checkpoint"'));
		expect(last.checkpoint.entryId).toBe((JSON.parse(entries[entries.length - 1]!) as { id: number }).id);
		const stripped = join(dataDir, 'stripped.jsonl');
		writeFileSync(stripped, entries.join('\n') + '\n');
		expect(cli('audit', 'verify', stripped).status).toBe(0);
		// Removed checkpoint lines show once the entries are older than one checkpoint interval.
		const aged = entries.map((line) => JSON.stringify({ ...(JSON.parse(line) as object), at: 1 }));
		writeFileSync(stripped, aged.join('\n') + '\n');
		expect(cli('audit', 'verify', stripped)).toMatchObject({ status: 1 });
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

describe('audit witness file', () => {
	it('appends each checkpoint to MEDIATOR_AUDIT_WITNESS_FILE and verifies the log against it', () => {
		const witness = join(mkdtempSync(join(tmpdir(), 'mm-witness-')), 'witness.jsonl');
		const withWitness = { ...env, MEDIATOR_AUDIT_WITNESS_FILE: witness };
		const added = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', 'erin', '--role', 'auditor'], { env: withWitness, encoding: 'utf8', timeout: 30_000 });
		expect(added.status).toBe(0);
		expect(readFileSync(witness, 'utf8').trim().split('\n')).toHaveLength(1);
		expect(cli('audit', 'verify', '--witness', witness)).toMatchObject({ status: 0, stdout: expect.stringContaining('agrees with all 1 checkpoints') });
		const exported = cli('audit', 'export').stdout.trim().split('\n');
		const cut = join(dataDir, 'cut.jsonl');
		writeFileSync(
			cut,
			exported
				.filter((line) => !line.startsWith('{"checkpoint"'))
				.slice(0, -1)
				.join('\n') + '\n'
		);
		expect(cli('audit', 'verify', cut, '--witness', witness)).toMatchObject({ status: 1, stderr: expect.stringContaining('cut from the end') });
		expect(cli('audit', 'verify', '--witness', join(dataDir, 'missing.jsonl'))).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read the witness') });
	});
});

describe('the audit, backup, restore and evidence messages in the language picked', () => {
	const inLanguage = (lang: string, ...args: string[]) => {
		const result = spawnSync(process.execPath, ['bin/mostro-mediator.mjs', ...args], { env: { ...env, LC_ALL: '', LANG: lang }, encoding: 'utf8', timeout: 30_000 });
		return { status: result.status, stdout: result.stdout, stderr: result.stderr };
	};

	it('audit verify and export speak Spanish and Portuguese', () => {
		const verified = inLanguage('es_ES.UTF-8', 'audit', 'verify');
		expect(verified.status).toBe(0);
		expect(verified.stdout).toMatch(/^OK: las \d+ entradas de la base de datos forman una cadena sin cortes/);
		expect(verified.stdout).toContain('AVISO: no hay clave de auditoría fijada');
		expect(verified.stdout).not.toContain('unbroken chain');
		expect(inLanguage('pt_BR.UTF-8', 'audit', 'export', '--from', 'ontem')).toMatchObject({ status: 2, stderr: expect.stringContaining('erro: --from e --to recebem uma data') });
		expect(inLanguage('pt_BR.UTF-8', 'audit', 'nada')).toMatchObject({ status: 2, stderr: expect.stringContaining('uso: audit key') });
	});

	it('backup and restore speak Italian', () => {
		const target = join(dataDir, 'italiano.sqlite');
		const made = inLanguage('it_IT.UTF-8', 'backup', target);
		expect(made).toMatchObject({ status: 0, stdout: expect.stringContaining(`Backup scritto in ${target} (modo 600).`) });
		expect(made.stdout).toContain('Usa --sealed per cifrare');
		expect(inLanguage('it_IT.UTF-8', 'backup', target)).toMatchObject({ status: 1, stderr: `errore: ${target} esiste già; scegli un altro nome di file\n` });
		expect(inLanguage('it_IT.UTF-8', 'restore', target)).toMatchObject({ status: 2, stderr: expect.stringContaining('uso: restore <backup sigillato>') });
	});

	it('evidence verify reports in Portuguese', () => {
		const file = join(dataDir, 'not-a-bundle.json');
		writeFileSync(file, '{}');
		const checked = inLanguage('pt_BR.UTF-8', 'evidence', 'verify', file);
		expect(checked.status).toBe(1);
		expect(checked.stdout).toMatch(/^disputa \? — manifesto assinado por \?/);
		expect(checked.stdout.trim().split('\n').at(-1)).toBe('FALHOU: o pacote não é verificado.');
		expect(checked.stdout).toContain('PROBLEMA: ');
	});
});
