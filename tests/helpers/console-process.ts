// Runs the console's runtime as a real child process against a data directory (see
// console-process-entry.ts), so a test can kill it (SIGKILL or SIGTERM) and start it again on
// the same files. Loopback only (HOST=127.0.0.1; the relays the test passes are its own), every
// wait bounded. The HTTP server is not started: the defects these tests pin are in the engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConsoleCommand } from './console-process-commands.ts';

const ENTRY = fileURLToPath(new URL('./console-process-entry.ts', import.meta.url));

export interface ConsoleProcess {
	process: ChildProcess;
	output(): string;
	/** Resolves once the engine and the chat intake report they are idle. */
	settled(timeoutMs?: number): Promise<void>;
	/**
	 * Runs one command in the child (console-process-commands.ts). Resolves with its result;
	 * rejects with a `CommandFailure` when it threw, or when the process died first.
	 */
	run(command: ConsoleCommand, timeoutMs?: number): Promise<unknown>;
	/** Resolves when the process has exited (on its own, or killed). */
	exited: Promise<void>;
	/** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
	stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

export interface ConsoleProcessOptions {
	dataDir: string;
	nodePubkey: string;
	relays: string[];
	env?: Record<string, string>;
	startTimeoutMs?: number;
}

/** A command the child ran and that threw (a refusal carries its message key), or a dead child. */
export class CommandFailure extends Error {
	readonly messageKey: string | null;
	readonly exited: boolean;
	constructor(message: string, messageKey: string | null, exited: boolean) {
		super(message);
		this.messageKey = messageKey;
		this.exited = exited;
	}
}

export async function startConsoleProcess(options: ConsoleProcessOptions): Promise<ConsoleProcess> {
	// Only what the runtime needs: no MEDIATOR_* or MOSTRO_* setting leaks in from the caller.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MOSTRO_|MEDIATOR_|ORIGIN$|HOST$|PORT$|LOG_LEVEL$)/.test(key)));
	const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ENTRY], {
		cwd: process.cwd(),
		env: {
			...inherited,
			HOST: '127.0.0.1',
			MEDIATOR_DATA_DIR: options.dataDir,
			MEDIATOR_SANDBOX: 'off',
			LOG_LEVEL: 'warn',
			MOSTRO_PUBKEY: options.nodePubkey,
			MOSTRO_RELAYS: options.relays.join(','),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let nextId = 0;

	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the console process did not start in time:\n${output}`));
		}, options.startTimeoutMs ?? 30_000);
		child.on('message', (message: { type?: string }) => {
			if (message?.type !== 'ready') return;
			clearTimeout(timer);
			resolve();
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`the console process exited early:\n${output}`));
		});
	});

	return {
		process: child,
		output: () => output,
		exited,
		run(command, timeoutMs = 20_000) {
			const id = (nextId += 1);
			return new Promise<unknown>((resolve, reject) => {
				const timer = setTimeout(() => finish(() => reject(new Error(`the command ${command.op} did not finish in time:\n${output}`))), timeoutMs);
				function finish(then: () => void) {
					clearTimeout(timer);
					child.off('message', onMessage);
					then();
				}
				function onMessage(message: { type?: string; id?: number; ok?: boolean; value?: unknown; error?: { message: string; messageKey: string | null } }) {
					if (message?.type !== 'result' || message.id !== id) return;
					finish(() => (message.ok ? resolve(message.value) : reject(new CommandFailure(message.error?.message ?? 'failed', message.error?.messageKey ?? null, false))));
				}
				child.on('message', onMessage);
				void exited.then(() => finish(() => reject(new CommandFailure(`the console process exited during ${command.op}`, null, true))));
				child.send({ type: 'run', id, command });
			});
		},
		settled(timeoutMs = 15_000) {
			const id = (nextId += 1);
			return new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					child.off('message', onMessage);
					reject(new Error(`the console process did not settle in time:\n${output}`));
				}, timeoutMs);
				function onMessage(message: { type?: string; id?: number }) {
					if (message?.type !== 'settled' || message.id !== id) return;
					clearTimeout(timer);
					child.off('message', onMessage);
					resolve();
				}
				child.on('message', onMessage);
				child.send({ type: 'settled', id });
			});
		},
		async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			await exited;
			clearTimeout(timer);
		}
	};
}
