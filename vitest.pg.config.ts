// Vitest for `npm run test:pg`: the integration tests that touch the database, plus the
// PostgreSQL-only tests (tests/postgres/), run against the throwaway cluster bin/test-pg.mjs
// started (MEDIATOR_DATABASE_URL). Started any other way, the PostgreSQL tests fail, never skip.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: {
					name: 'postgres',
					environment: 'node',
					include: ['tests/integration/server/**/*.test.ts', 'tests/postgres/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 30_000
				}
			}
		]
	}
});
