// Runs a benchmark script against a throwaway PostgreSQL cluster (bin/pg-cluster.mjs) with
// MEDIATOR_DATABASE_URL set, then stops the cluster, also on failure. Usage:
//   node bench/with-postgres.mjs bench/board-scale.ts
import { spawn } from 'node:child_process';
import { startCluster } from '../bin/pg-cluster.mjs';

const script = process.argv[2];
if (!script) {
	console.error('usage: node bench/with-postgres.mjs <bench script> [args…]');
	process.exit(2);
}
const cluster = await startCluster();
process.on('exit', () => cluster.stop());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const code = await new Promise((resolve) => {
	const child = spawn(process.execPath, [script, ...process.argv.slice(3)], { stdio: 'inherit', env: { ...process.env, MEDIATOR_DATABASE_URL: cluster.url } });
	child.on('exit', (status) => resolve(status ?? 1));
});
process.exit(code);
