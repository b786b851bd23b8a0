// Child-process entry for restart tests: starts the console's runtime exactly as the server's
// init hook does (config from the environment, the data directory's master key and SQLite
// file, migrations, the Mostro engine and dispute chat on real relays), without the HTTP layer.
// Answers `{ type: 'settled', id }` over IPC once the engine and the chat intake are idle, and
// `{ type: 'result', id, ok, value | error }` to a `{ type: 'run', id, command }` request.
// Run by tests/helpers/console-process.ts with Node's type stripping; never imports $lib aliases.
import { loadConfig } from '../../src/lib/server/config.ts';
import { readMigrationSetFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { startRuntime } from '../../src/lib/server/runtime.ts';
import { runConsoleCommand, type ConsoleCommand } from './console-process-commands.ts';

const runtime = await startRuntime(loadConfig(), readMigrationSetFromDisk());

process.on('message', (message: unknown) => {
	const request = message as { type?: unknown; id?: unknown; command?: ConsoleCommand } | null;
	if (request?.type === 'run' && request.command) {
		void runConsoleCommand(runtime, request.command).then(
			(value) => process.send?.({ type: 'result', id: request.id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) }),
			(error: unknown) => {
				const e = error as { message?: unknown; messageKey?: unknown };
				process.send?.({ type: 'result', id: request.id, ok: false, error: { message: String(e?.message ?? error), messageKey: typeof e?.messageKey === 'string' ? e.messageKey : null } });
			}
		);
		return;
	}
	if (request?.type !== 'settled') return;
	void (async () => {
		await runtime.engine.settled();
		await runtime.chat.settled();
		process.send?.({ type: 'settled', id: request.id });
	})();
});

// The test that started this process is gone (or stopped listening): never outlive it.
process.once('disconnect', () => process.exit(1));

process.once('SIGTERM', () => {
	void runtime.close().finally(() => process.exit(0));
});

process.send?.({ type: 'ready' });
