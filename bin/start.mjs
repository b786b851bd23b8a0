// `npm start`: validates the configuration, builds the app when the build is missing or
// older than the sources, then serves it (default http://127.0.0.1:5173; HOST/PORT).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { ConfigError, loadConfig } = await import('../src/lib/server/config.ts');

let config;
try {
	config = loadConfig();
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(`error: ${error.message}`);
		process.exit(1);
	}
	throw error;
}

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const builtAt = newestMtime(join(root, 'build', 'handler.js'));
const sourcesAt = Math.max(
	...['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(root, p)))
);
if (builtAt === 0 || sourcesAt > builtAt) {
	console.log('Building the console…');
	const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.HOST = config.host;
process.env.PORT = String(config.port);
console.log(`Mostro Mediator Console: http://${config.host}:${config.port}`);
await import(join(root, 'build', 'index.js'));
