// Starts the built console (`node build`, or `node bin/start.mjs` the way `npm start` does)
// for e2e tests on a free 127.0.0.1 port with a fresh data directory, and reads the first-run
// setup link from its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
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
	return waitForConsole(['build'], { ...process.env, HOST: '127.0.0.1', PORT: String(port), MEDIATOR_DATA_DIR: dataDir, ORIGIN: `http://127.0.0.1:${port}`, ...env }, port, dataDir, timeoutMs);
}

/**
 * Starts the console as `npm start` does (`node bin/start.mjs`) with no Mostro node and no
 * MEDIATOR_* settings from the caller's environment except `env`. The build made before the
 * e2e run is marked current so start.mjs does not rebuild because sources changed since.
 */
export async function startConsoleViaNpmStart(env: Record<string, string> = {}, timeoutMs = 45_000): Promise<RunningConsole> {
	const port = await freePort();
	const dataDir = env.MEDIATOR_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mm-e2e-start-'));
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MOSTRO_|MEDIATOR_|ORIGIN$|HOST$|PORT$)/.test(key)));
	const now = new Date();
	utimesSync(join(process.cwd(), 'build', 'handler.js'), now, now);
	return waitForConsole(['bin/start.mjs'], { ...inherited, HOST: '127.0.0.1', PORT: String(port), MEDIATOR_DATA_DIR: dataDir, ...env }, port, dataDir, timeoutMs);
}

async function waitForConsole(args: string[], env: NodeJS.ProcessEnv, port: number, dataDir: string, timeoutMs: number): Promise<RunningConsole> {
	const child = spawn(process.execPath, args, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
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
