// The real runtime for route tests: a fresh data directory with a random master key, the
// migrations from disk, console users made directly in the database, the `App.Locals` the hook
// would build for them, and a form POST to a page action. One place, so every route test
// starts the console the same way and cleans up the same way. Never used by e2e tests, which
// start the built server instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { vi } from 'vitest';
import { parseConfig } from '../../src/lib/server/config.ts';
import { startRuntime, type Runtime } from '../../src/lib/server/runtime.ts';
import { readMigrationSetFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { insertUser } from '../../src/lib/server/users/repository.ts';
import type { Role } from '../../src/lib/access/roles-table.ts';

export interface RouteRuntime {
	runtime: Runtime;
	dataDir: string;
	/** Makes a console user and returns the locals a signed-in request of theirs carries. */
	signedIn(name: string, role: Role): Promise<App.Locals>;
	close(): Promise<void>;
}

/** Starts the runtime on a temporary data directory; `env` adds or overrides variables. Console logging is silenced until `close`. */
export async function startRouteRuntime(prefix: string, env: Record<string, string> = {}): Promise<RouteRuntime> {
	const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
	const log = vi.spyOn(console, 'log').mockImplementation(() => {});
	const runtime = await startRuntime(parseConfig({ MEDIATOR_DATA_DIR: dataDir, MEDIATOR_MASTER_KEY: randomBytes(32).toString('hex'), ...env }, {}, dataDir), readMigrationSetFromDisk());
	return {
		runtime,
		dataDir,
		async signedIn(name, role) {
			const userId = await insertUser(runtime.db, { name, role, passwordHash: 'x', mustChangePassword: false }, Date.now());
			return localsFor(userId, name, role);
		},
		async close() {
			await runtime.close();
			rmSync(dataDir, { recursive: true, force: true });
			log.mockRestore();
		}
	};
}

/** The locals of a signed-in, second-factor-verified request by this user. */
export function localsFor(userId: number, name: string, role: Role): App.Locals {
	const requestId = `req-${name}`;
	return {
		user: { id: userId, name, role, locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false },
		session: { id: 's', userId, secondFactorVerified: true } as unknown as App.Locals['session'],
		requestId,
		locale: 'en',
		actor: { userId, name, role, requestId }
	};
}

type Action = (event: never) => Promise<unknown>;

/** POSTs the fields as a form to one named page action, the way the form on the page would. */
export function postForm(actions: Record<string, unknown>, action: string, locals: App.Locals, fields: Array<[string, string]>, path = '/'): Promise<unknown> {
	const body = new FormData();
	for (const [name, value] of fields) body.append(name, value);
	const request = new Request(`http://127.0.0.1${path}`, { method: 'POST', body });
	return (actions[action] as Action)({ request, locals } as never);
}
