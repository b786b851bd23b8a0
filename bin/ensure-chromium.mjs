// Makes sure Debian's Chromium is present for the browser tests: installs it with
// apt-get when running as root, otherwise stops with a one-line instruction.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
	if (process.getuid?.() !== 0) {
		console.error(`Chromium is missing at ${path}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH) and try again.`);
		process.exit(1);
	}
	console.log('Installing Debian chromium for the browser tests…');
	const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
	if (!run(['install', '-y', 'chromium']) && !(run(['update']) && run(['install', '-y', 'chromium']))) {
		console.error('Could not install chromium with apt-get.');
		process.exit(1);
	}
}
