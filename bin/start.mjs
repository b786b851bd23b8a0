// `npm start`: validates the configuration, builds the app when the build is missing or
// older than the sources, then serves it (default http://127.0.0.1:5173; HOST/PORT).
// With no Mostro node configured (no MOSTRO_PUBKEY, none saved on the Settings page) and
// MEDIATOR_SANDBOX not `off`, it first starts the sandbox in-process (relay, node double, LND
// double, blob server, simulated traders; state under <data dir>/sandbox), seeds its node and
// LND connections as settings rows the way an operator saves them (seed-settings.ts), gives
// the first operator a registered solver key once /setup created them and hands the node key to
// the server in memory for later registrations (first-operator.ts),
// and stops it on SIGINT/SIGTERM. A restart on the same data directory starts the same
// sandbox again (its node is the one saved). Never prints the sandbox node key.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
const sourcesAt = Math.max(...['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(root, p))));
if (builtAt === 0 || sourcesAt > builtAt) {
	console.log('Building the console…');
	const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const { savedNodePubkey } = await import('../src/lib/server/sandbox/saved-node.ts');
const { relayPortCandidates, sandboxEnvironment, shouldStartSandbox } = await import('../src/lib/server/sandbox/launch.ts');

/** The node of a sandbox started earlier on this data directory (its state file), or null. */
async function earlierSandboxNode() {
	const [{ readSandboxState }, { fromHex, getPubkey }] = await Promise.all([import('../sim/sandbox/sandbox-state.ts'), import('../src/lib/protocol/keys.ts')]);
	try {
		const state = readSandboxState(join(config.dataDir, 'sandbox'));
		return state ? getPubkey(fromHex(state.nodeSecretKey)) : null;
	} catch {
		return null;
	}
}

/** Opens the console's database and sealer the way the server does (migrating it first). */
async function openConsoleVault() {
	const [{ openDatabase }, { readMigrationsFromDisk }, { DATABASE_FILE, prepareDataDir }, { loadMasterKey }, { createSealer }] = await Promise.all([
		import('../src/lib/server/db/index.ts'),
		import('../src/lib/server/db/migrations-on-disk.ts'),
		import('../src/lib/server/runtime.ts'),
		import('../src/lib/server/vault/master-key.ts'),
		import('../src/lib/server/vault/seal.ts')
	]);
	prepareDataDir(config.dataDir);
	const master = loadMasterKey(config.dataDir, config.masterKeyHex);
	if (master.source === 'generated') {
		console.warn(`warning: generated a new master key in ${join(config.dataDir, 'master.key')}; back it up: sealed secrets cannot be opened without it`);
	}
	return { database: openDatabase(join(config.dataDir, DATABASE_FILE), readMigrationsFromDisk()), sealer: createSealer(master.key) };
}

/** Saves the sandbox's node and LND connections as settings rows (a no-op when they are unchanged). */
async function seedSandbox(started) {
	const { seedSandboxSettings } = await import('../src/lib/server/sandbox/seed-settings.ts');
	const { database, sealer } = await openConsoleVault();
	try {
		const seeded = await seedSandboxSettings(database.db, sealer, started);
		if (seeded.lnd === 'kept-operator') console.log('  sandbox: keeping the LND connection saved on the Settings page');
	} finally {
		await database.close();
	}
}

/** Starts the sandbox on the port after the console's when free (stable relay URL), else on any port. */
async function startSandboxForConsole() {
	const { startSandbox } = await import('../sim/sandbox/index.ts');
	mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
	const options = {
		dataDir: join(config.dataDir, 'sandbox'),
		disputes: config.sandbox.disputes,
		trickleEveryMs: config.sandbox.trickleMs,
		bonds: config.sandbox.bonds,
		log: (line) => console.log(`  sandbox: ${line}`)
	};
	const ports = relayPortCandidates(config.port);
	for (const [index, relayPort] of ports.entries()) {
		try {
			return await startSandbox({ ...options, relayPort });
		} catch (error) {
			const busy = error && typeof error === 'object' && (error.code === 'EADDRINUSE' || error.code === 'EACCES');
			if (!busy || index === ports.length - 1) throw error;
		}
	}
	throw new Error('no relay port');
}

let sandbox = null;
let firstOperatorWatch = null;
if (shouldStartSandbox(config, savedNodePubkey(config.dataDir), await earlierSandboxNode())) {
	console.log('No Mostro node is configured: starting the sandbox (set MEDIATOR_SANDBOX=off to start without it)…');
	try {
		sandbox = await startSandboxForConsole();
	} catch (error) {
		console.error(`error: the sandbox did not start: ${error instanceof Error ? error.message : String(error)}`);
		console.error('Start without it with MEDIATOR_SANDBOX=off, or configure a node with MOSTRO_PUBKEY and MOSTRO_RELAYS.');
		process.exit(1);
	}
	Object.assign(process.env, sandboxEnvironment(sandbox));
	try {
		config = loadConfig();
		await seedSandbox(sandbox);
	} catch (error) {
		await sandbox.stop();
		if (error instanceof ConfigError) {
			console.error(`error: ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
	let stopping = false;
	const stopSandbox = async () => {
		if (stopping) process.exit(130);
		stopping = true;
		firstOperatorWatch?.stop();
		// Let the console finish its open requests first (build/index.js closes its server on the same signals).
		await Promise.race([new Promise((resolve) => process.once('sveltekit:shutdown', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
		await sandbox.stop().catch((error) => console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`));
		process.exit(0);
	};
	process.on('SIGINT', stopSandbox);
	process.on('SIGTERM', stopSandbox);
}

process.env.HOST = config.host;
process.env.PORT = String(config.port);
// Without ORIGIN the Node adapter takes every request for https, so same-origin form posts over
// plain http would be refused as cross-site: default it to the address served.
const wildcardHost = config.host === '0.0.0.0' || config.host === '::';
const servedAt = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
if (!config.origin && !wildcardHost) process.env.ORIGIN = servedAt;
if (!config.origin && wildcardHost) console.warn(`warning: HOST is ${config.host}; set ORIGIN to the address browsers use, or sign-in forms are refused`);
console.log(`Mostro Mediator Console: ${config.origin ?? servedAt}`);
if (sandbox) {
	console.log('Sandbox: a simulated Mostro node with simulated traders; nothing moves real money.');
	console.log(`  sandbox relay:    ${sandbox.relayUrl}`);
	console.log(`  control endpoint: ${sandbox.controlUrl}  (see: npm run sandbox -- --help)`);
	console.log(`  disputes:         ${sandbox.disputes().length}${config.sandbox.trickleMs > 0 ? `, a new one every ${Math.round(config.sandbox.trickleMs / 1000)} s` : ''}`);
	if (config.sandbox.bonds) console.log('  bonds:            on (both parties post an anti-abuse bond; decisions may slash them)');
}
await import(join(root, 'build', 'index.js'));

if (sandbox) {
	// Once /setup created the first operator, the Solvers page's commands give them a key registered
	// read-write, called as that operator with the services the server just started.
	const [{ runtimeOfProcess }, { handOverSandboxNodeKey, watchFirstOperator }] = await Promise.all([import('../src/lib/server/runtime.ts'), import('../src/lib/server/sandbox/first-operator.ts')]);
	const runtime = runtimeOfProcess();
	if (runtime) {
		// The Solvers page then registers more solver keys (a second mediator's) without a pasted node key.
		handOverSandboxNodeKey(runtime, sandbox.nodeSecretKey);
		firstOperatorWatch = watchFirstOperator(runtime, sandbox.nodeSecretKey, { log: (line) => console.log(`  sandbox: ${line}`) });
	} else {
		console.warn('  sandbox: the console did not start its services; give the first operator a solver key on the Solvers page');
	}
}
