#!/usr/bin/env node
// Entry point of the `mostro-mediator` command. The commands are TypeScript run by
// Node's type stripping; on Node versions where it is not on by default, re-run with it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (!process.features.typescript) {
	const result = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
		stdio: 'inherit'
	});
	process.exit(result.status ?? 1);
}

const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
