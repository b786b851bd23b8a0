// Vitest: unit and integration tests run in Node; the pure protocol tests also run in
// Debian's Chromium through Playwright so the shared code is proven portable.
import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './tests/chromium.ts';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
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
