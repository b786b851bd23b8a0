// A throwaway PostgreSQL cluster for tests and benchmarks: initdb on a temporary directory, the
// server on a free 127.0.0.1 port, trust authentication for one superuser, and a stop that removes
// everything. As root, initdb and the server run as the unprivileged `postgres` user (created with
// useradd when missing). Where the binaries are missing it installs them with apt when root, else
// says what to run. Never touches a cluster it did not create.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '15';
const BIN_DIR = process.env.MEDIATOR_PG_BIN ?? `/usr/lib/postgresql/${VERSION}/bin`;
const RUN_AS = 'postgres';

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs Debian's PostgreSQL when it is missing (root), or explains how (otherwise). */
export function ensureBinaries() {
	if (existsSync(join(BIN_DIR, 'initdb')) && existsSync(join(BIN_DIR, 'pg_ctl'))) return;
	if (!isRoot()) {
		throw new Error(`PostgreSQL ${VERSION} binaries are missing from ${BIN_DIR}. Install them with:\n  sudo apt-get install -y postgresql-${VERSION}\n(or set MEDIATOR_PG_BIN to the directory holding initdb and pg_ctl)`);
	}
	console.log(`installing postgresql-${VERSION} with apt-get`);
	execFileSync('apt-get', ['update'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', `postgresql-${VERSION}`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (!existsSync(join(BIN_DIR, 'initdb'))) throw new Error(`apt-get installed postgresql-${VERSION} but ${BIN_DIR}/initdb is still missing`);
}

function ensureUser() {
	if (spawnSync('id', ['-u', RUN_AS]).status === 0) return;
	execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS], { stdio: 'inherit' });
}

function userIds() {
	const uid = Number(execFileSync('id', ['-u', RUN_AS], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', RUN_AS], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** Runs a PostgreSQL binary, as the unprivileged user when this process is root. */
function run(binary, args, options = {}) {
	const path = join(BIN_DIR, binary);
	const [command, argv] = isRoot() ? ['runuser', ['-u', RUN_AS, '--', path, ...args]] : [path, args];
	const result = spawnSync(command, argv, { encoding: 'utf8', cwd: '/', ...options });
	if (result.status !== 0) throw new Error(`${binary} failed (${result.status}): ${result.stderr || result.stdout}`);
	return result.stdout;
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/**
 * Starts a cluster; resolves to { url, port, dir, stop() }. `url` names the `postgres` database
 * of superuser `mediator` (trust authentication, 127.0.0.1 only).
 */
export async function startCluster() {
	ensureBinaries();
	const dir = mkdtempSync(join(tmpdir(), 'mediator-pg-'));
	const data = join(dir, 'data');
	if (isRoot()) {
		ensureUser();
		const { uid, gid } = userIds();
		chownSync(dir, uid, gid);
	}
	chmodSync(dir, 0o700);
	const port = await freePort();
	let started = false;
	const stop = () => {
		if (started) {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} catch {
				// Already gone: nothing to stop.
			}
			started = false;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		run('initdb', ['-D', data, '-U', 'mediator', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync']);
		const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
		run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
		started = true;
	} catch (error) {
		stop();
		throw error;
	}
	return { url: `postgres://mediator@127.0.0.1:${port}/postgres`, port, dir, stop };
}
