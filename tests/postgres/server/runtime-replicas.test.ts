// Two console processes (the built server, `node build`) on one real PostgreSQL (issue 20): both
// start together and migrate once, both answer /healthz and /readyz, exactly one leads the engine;
// when the leader is killed with SIGKILL the other leads within 10 s and stays ready.
// bin/test-pg.mjs builds the console before the run; without a build this test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresDatabase, testPostgresUrl } from '../../helpers/test-db.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const LEADS = 'this replica leads the engine';

interface ConsoleProcess {
	name: string;
	port: number;
	child: ChildProcess;
	output(): string;
}

const running: ConsoleProcess[] = [];
afterEach(() => {
	for (const p of running.splice(0)) p.child.kill('SIGKILL');
});

function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function startConsole(name: string, url: string): Promise<ConsoleProcess> {
	const port = await freePort();
	const child = spawn(process.execPath, ['build'], {
		cwd: ROOT,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MEDIATOR_DATA_DIR: mkdtempSync(join(tmpdir(), `replica-${name}-`)), MEDIATOR_DATABASE_URL: url, MEDIATOR_MASTER_KEY: 'ab'.repeat(32), MEDIATOR_SANDBOX: 'off' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const p = { name, port, child, output: () => output };
	running.push(p);
	return p;
}

async function status(p: ConsoleProcess, path: string): Promise<number> {
	try {
		return (await fetch(`http://127.0.0.1:${p.port}${path}`)).status;
	} catch {
		return 0;
	}
}

describe('two console replicas on one PostgreSQL', () => {
	it('migrate once, both get ready, one leads, and the other leads within 10 s of a SIGKILL', async () => {
		if (!existsSync(join(ROOT, 'build', 'index.js'))) throw new Error('no build/: run through npm run test:pg, which builds the console first');
		const server = testPostgresUrl();
		if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const url = await createPostgresDatabase(server, '');
		const [a, b] = await Promise.all([startConsole('a', url), startConsole('b', url)]);
		for (const p of [a, b]) await waitFor(async () => (await status(p, '/readyz')) === 200, `${p.name} ready`, 20_000, 100);
		expect([await status(a, '/healthz'), await status(b, '/healthz')]).toEqual([200, 200]);

		const db = new pg.Client({ connectionString: url });
		await db.connect();
		try {
			const migrations = await db.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
			const applied = [a, b].filter((p) => p.output().includes('applied migrations'));
			expect(applied).toHaveLength(1);
			expect(Number(migrations.rows[0]?.n)).toBeGreaterThan(0);

			await waitFor(() => [a, b].some((p) => p.output().includes(LEADS)), 'a leader', 10_000);
			const leader = [a, b].find((p) => p.output().includes(LEADS))!;
			const follower = leader === a ? b : a;
			await new Promise((r) => setTimeout(r, 2500));
			expect(follower.output()).not.toContain(LEADS);

			leader.child.kill('SIGKILL');
			const killedAt = Date.now();
			await waitFor(() => follower.output().includes(LEADS), 'the follower taking the lead', 10_000, 50);
			expect(Date.now() - killedAt).toBeLessThan(10_000);
			expect(await status(follower, '/readyz')).toBe(200);
			// pg_locks lists the whole cluster; other test files' replicas hold locks in their own databases.
			const locks = await db.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()");
			expect(Number(locks.rows[0]?.n)).toBe(1);
		} finally {
			await db.end();
		}
	});
});
