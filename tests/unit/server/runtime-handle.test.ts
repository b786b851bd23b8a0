// The started runtime is reachable for the process (bin/start.mjs runs the built server in its
// own process and seeds the sandbox with the server's services): registered when it starts,
// under a process-wide key any module copy can read, and gone once it closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/server/config.ts';
import { readMigrationSetFromDisk } from '../../../src/lib/server/db/migrations-on-disk.ts';
import { runtimeOfProcess, startRuntime } from '../../../src/lib/server/runtime.ts';

describe('the runtime of the process', () => {
	it('is the started runtime until it closes', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-runtime-handle-'));
		expect(runtimeOfProcess()).toBeNull();
		const runtime = await startRuntime(loadConfig({ MEDIATOR_DATA_DIR: join(dir, 'data'), MEDIATOR_SANDBOX: 'off', LOG_LEVEL: 'error' }, dir), readMigrationSetFromDisk());
		try {
			expect(runtimeOfProcess()).toBe(runtime);
			// What a second copy of the module (the launcher's, not the bundle's) reads.
			expect((globalThis as Record<symbol, unknown>)[Symbol.for('mostro-mediator.runtime')]).toBe(runtime);
		} finally {
			await runtime.close();
		}
		expect(runtimeOfProcess()).toBeNull();
	});
});
