// Vitest: unit and integration tests run in Node; the pure protocol tests also run in
// Debian's Chromium through Playwright so the shared code is proven portable.
import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './tests/chromium.ts';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		// The integration files mostly wait on sockets (one fork keeps about half a core busy), so
		// on a 2-core machine two forks finish them in about 60 % of the time of vitest's default
		// there (one fork). Larger machines keep the default of cores − 1.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		projects: [
			{
				extends: true,
				test: {
					name: 'node',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					testTimeout: 20_000,
					hookTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					include: ['tests/unit/protocol/**/*.test.ts'],
					// On a loaded 2-CPU machine the node project's integration tests can keep the
					// tester iframes from starting within the default 60 s.
					env: { VITEST_BROWSER_IFRAME_TIMEOUT: '300000' },
					browser: {
						enabled: true,
						headless: true,
						screenshotFailures: false,
						provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
