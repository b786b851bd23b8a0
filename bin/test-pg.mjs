// `npm run test:pg`: starts a throwaway PostgreSQL cluster (bin/pg-cluster.mjs), migrates a
// template database once, builds the console (for the replica and fail-over process tests), runs the database
// integration tests and the PostgreSQL-only tests against it with MEDIATOR_DATABASE_URL set
// (vitest.pg.config.ts), and always stops the cluster, also on failure or Ctrl-C. Extra arguments go to vitest (e.g. a file to run alone).
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { startCluster } from './pg-cluster.mjs';

const TEMPLATE = 'mediator_template';
const started = Date.now();
const cluster = await startCluster();
let stopped = false;
const stop = () => {
	if (stopped) return;
	stopped = true;
	cluster.stop();
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

let code;
try {
	// The replica tests (runtime-replicas.test.ts, cluster/fail-over-processes.test.ts) start the built server.
	console.log('building the console for the replica tests');
	const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (build.status !== 0) throw new Error('vite build failed');
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${TEMPLATE}`);
	await admin.end();
	const { openPostgres } = await import('../src/lib/server/db/postgres.ts');
	const { readMigrationSetFromDisk } = await import('../src/lib/server/db/migrations-on-disk.ts');
	const templateUrl = new URL(cluster.url);
	templateUrl.pathname = `/${TEMPLATE}`;
	const template = await openPostgres(templateUrl.toString(), readMigrationSetFromDisk().postgres, { max: 1 });
	console.log(`PostgreSQL test cluster on port ${cluster.port}; template migrated (${template.applied.length} migrations)`);
	await template.close();
	code = await new Promise((resolve) => {
		const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.pg.config.ts', ...process.argv.slice(2)], {
			stdio: 'inherit',
			env: { ...process.env, MEDIATOR_DATABASE_URL: cluster.url, MEDIATOR_TEST_PG_TEMPLATE: TEMPLATE }
		});
		child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
	});
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	code = 1;
} finally {
	stop();
}
console.log(`test:pg finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
