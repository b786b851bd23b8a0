// Starts the built console (`node build`) for e2e tests on a free 127.0.0.1 port with a
// fresh data directory, and reads the first-run setup link from its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningConsole {
	baseURL: string;
	dataDir: string;
	setupUrl: string | null;
	process: ChildProcess;
	output(): string;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export async function startConsole(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RunningConsole> {
	const port = await freePort();
	const dataDir = env.MEDIATOR_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mm-e2e-'));
	const child = spawn(process.execPath, ['build'], {
		cwd: process.cwd(),
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), MEDIATOR_DATA_DIR: dataDir, ORIGIN: `http://127.0.0.1:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + timeoutMs;
	while (!output.includes('Listening on')) {
		if (child.exitCode !== null) throw new Error(`console exited early:\n${output}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`console did not start in time:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	const setupUrl = /(http:\/\/\S+\/setup\?token=[a-z2-7]+)/.exec(output)?.[1] ?? null;
	return {
		baseURL: `http://127.0.0.1:${port}`,
		dataDir,
		setupUrl,
		process: child,
		output: () => output,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
				setTimeout(() => child.kill('SIGKILL'), 5000).unref();
			})
	};
}
