// Starts and kills the soak benchmark's console child (console-child.ts) on one data directory,
// and sends it the mediator team's requests over IPC with a bounded wait. Loopback only: the
// relays given are the benchmark's own; no MEDIATOR_* or MOSTRO_* setting leaks in from the shell.
// Must never leave a child running after `kill()` and never wait without a time-out.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./console-child.ts', import.meta.url));

export interface ConsoleOptions {
	dataDir: string;
	nodePubkey: string;
	relays: string[];
	blobUrl: string;
}

export class ConsoleHandle {
	#child: ChildProcess | null = null;
	#nextId = 0;
	#output = '';
	readonly options: ConsoleOptions;
	starts = 0;
	/** Exits the benchmark did not cause, with the end of the console's output. */
	readonly crashes: Array<{ at: number; code: number | null; signal: string | null; output: string }> = [];
	#killing = false;

	constructor(options: ConsoleOptions) {
		this.options = options;
	}

	get up(): boolean {
		return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
	}

	get pid(): number | null {
		return this.up ? (this.#child?.pid ?? null) : null;
	}

	output(): string {
		return this.#output.slice(-4000);
	}

	/** Resident set size of the child in bytes (Linux /proc), null when not running. */
	rss(): number | null {
		const pid = this.pid;
		if (!pid) return null;
		try {
			const line = readFileSync(`/proc/${pid}/status`, 'utf8')
				.split('\n')
				.find((l) => l.startsWith('VmRSS:'));
			return line ? Number(line.replace(/\D+/g, '')) * 1024 : null;
		} catch {
			return null;
		}
	}

	async start(timeoutMs = 60_000): Promise<void> {
		const o = this.options;
		const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MOSTRO_|MEDIATOR_|ORIGIN$|HOST$|PORT$|LOG_LEVEL$)/.test(key)));
		const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ENTRY], {
			cwd: process.cwd(),
			env: {
				...inherited,
				HOST: '127.0.0.1',
				LOG_LEVEL: 'warn',
				MEDIATOR_DATA_DIR: o.dataDir,
				MOSTRO_PUBKEY: o.nodePubkey,
				MOSTRO_RELAYS: o.relays.join(','),
				// As `npm start` launches the console on the sandbox (src/lib/server/sandbox/launch.ts).
				MEDIATOR_SANDBOX: 'auto',
				MEDIATOR_SANDBOX_NODE: o.nodePubkey,
				MEDIATOR_BLOB_ALLOW_LOOPBACK: 'true',
				MEDIATOR_BLOB_UPLOAD_URL: o.blobUrl
			},
			stdio: ['ignore', 'pipe', 'pipe', 'ipc']
		});
		child.stdout?.on('data', (chunk) => (this.#output = (this.#output + chunk).slice(-20_000)));
		child.stderr?.on('data', (chunk) => (this.#output = (this.#output + chunk).slice(-20_000)));
		child.setMaxListeners(0);
		// A send racing the child's death fails with EPIPE: the request is rejected (below), never the benchmark.
		child.on('error', () => undefined);
		child.once('exit', (code, signal) => {
			if (!this.#killing) this.crashes.push({ at: Date.now(), code, signal, output: this.output().slice(-1500) });
		});
		this.#child = child;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`console did not start in time:\n${this.output()}`));
			}, timeoutMs);
			child.on('message', (m: { type?: string }) => {
				if (m?.type !== 'ready') return;
				clearTimeout(timer);
				resolve();
			});
			child.once('exit', () => {
				clearTimeout(timer);
				reject(new Error(`console exited early:\n${this.output()}`));
			});
		});
		this.starts++;
	}

	/** SIGKILL (no clean-up) or SIGTERM (clean stop), then waits for the exit. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		this.#killing = true;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
		this.#killing = false;
	}

	/** One request; rejects when the console is down, dies meanwhile, refuses, or takes too long. */
	request<T = unknown>(op: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
		const child = this.#child;
		if (!child || !this.up) return Promise.reject(new Error('console down'));
		const id = (this.#nextId += 1);
		return new Promise<T>((resolve, reject) => {
			const done = (f: () => void) => {
				clearTimeout(timer);
				child.off('message', onMessage);
				child.off('exit', onExit);
				f();
			};
			const timer = setTimeout(() => done(() => reject(new Error(`${op}: no answer in ${timeoutMs} ms`))), timeoutMs);
			const onExit = () => done(() => reject(new Error(`${op}: console died`)));
			const onMessage = (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
				if (m?.id !== id) return;
				done(() => (m.ok ? resolve(m.value as T) : reject(new Error(`${op}: ${m.error}`))));
			};
			child.on('message', onMessage);
			child.once('exit', onExit);
			try {
				child.send({ id, op, ...args }, (error) => {
					if (error) done(() => reject(new Error(`${op}: ${error.message}`)));
				});
			} catch (error) {
				done(() => reject(new Error(`${op}: ${(error as Error).message}`)));
			}
		});
	}
}
