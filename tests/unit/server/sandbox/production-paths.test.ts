// The sandbox stays out of production paths: the modules an operator's console runs through
// carry no sandbox branch (their settings come as rows seeded by npm start), the server takes
// no sandbox node key or LND double from the environment, and the only module of
// src/lib/server/sandbox/ a route imports is the banner's condition.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const WITHOUT_SANDBOX = [
	'src/lib/server/lightning/lnd-settings.ts',
	'src/lib/server/lightning/lnd-settings-actions.ts',
	'src/lib/server/lightning/escrow.ts',
	'src/lib/server/lightning/escrow-view.ts',
	'src/lib/server/mostro/services.ts',
	'src/lib/server/mostro/node-connection.ts',
	'src/lib/server/runtime.ts',
	'src/lib/server/vault/solver-keys.ts',
	'src/routes/setup/+page.server.ts',
	'src/routes/(console)/settings/+page.server.ts',
	'src/routes/(console)/solvers/+page.server.ts'
];

function filesUnder(dir: string): string[] {
	return readdirSync(join(root, dir)).flatMap((name) => {
		const path = join(dir, name);
		return statSync(join(root, path)).isDirectory() ? filesUnder(path) : [path];
	});
}

describe('the sandbox in production modules', () => {
	it.each(WITHOUT_SANDBOX)('%s does not mention the sandbox', (path) => {
		expect(read(path)).not.toMatch(/sandbox/i);
	});

	it('config.ts knows the sandbox only as launcher settings and the banner marker', () => {
		const config = read('src/lib/server/config.ts');
		expect(config).not.toMatch(/MEDIATOR_SANDBOX_(NODE_KEY|CONTROL_URL|LND)|nodeKeyHex|sandbox\.lnd|sandbox\.enabled/);
		const block = /export interface SandboxConfig \{([\s\S]*?)\n\}/.exec(config)?.[1] ?? '';
		expect([...block.matchAll(/^\t(\w+):/gm)].map((match) => match[1])).toEqual(['mode', 'launchedNode', 'trickleMs', 'disputes', 'bonds']);
	});

	it('the layouts read the sandbox only to show the banner', () => {
		const layoutServer = read('src/routes/+layout.server.ts');
		expect(layoutServer).toMatch(/sandbox: isSandboxActive\(runtime\),/);
		for (const line of layoutServer.split('\n').filter((l) => /sandbox/i.test(l))) {
			// The import, the doc comment naming the field, and the field itself.
			expect(line).toMatch(/^import \{ isSandboxActive \} from '\$lib\/server\/sandbox\/active';$|^ \* |^\t\tsandbox: isSandboxActive\(runtime\),$/);
		}
		for (const path of ['src/routes/(console)/+layout.svelte', 'src/lib/ui/AuthCard.svelte']) {
			const lines = read(path)
				.split('\n')
				.filter((line) => /sandbox/i.test(line));
			for (const line of lines) expect(line).toMatch(/data\.sandbox\}|sandbox-banner|banner\.sandbox|sandbox banner|sandbox's simulated node/);
		}
	});

	it('no production module imports the seeding; routes import only the banner condition', () => {
		const importers = [...filesUnder('src/routes'), ...filesUnder('src/lib')]
			.filter((path) => !path.startsWith(join('src', 'lib', 'server', 'sandbox')))
			.filter((path) =>
				/\/sandbox\//.test(
					read(path)
						.match(/from '[^']*sandbox[^']*'/g)
						?.join(' ') ?? ''
				)
			)
			.map((path) => relative(root, join(root, path)));
		expect(importers).toEqual([join('src', 'routes', '+layout.server.ts')]);
		expect(read('src/routes/+layout.server.ts')).toMatch(/from '\$lib\/server\/sandbox\/active'/);
	});
});
