// Command line for the embedded relay: `node sim/relay/cli.ts --port 7777 --db ./data/relay.sqlite`.
// Prints the websocket URL and runs until SIGINT/SIGTERM, then stops cleanly.
// It must never bind to a non-loopback address.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startRelay } from './relay-server.ts';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '7777' },
		host: { type: 'string', default: '127.0.0.1' },
		db: { type: 'string', default: ':memory:' }
	}
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
	console.error(`invalid --port ${values.port}`);
	process.exit(2);
}
if (values.db !== ':memory:') mkdirSync(dirname(values.db), { recursive: true });

const relay = await startRelay({ port, host: values.host, dbPath: values.db });
console.log(relay.url);

const shutdown = (): void => {
	relay.stop().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
