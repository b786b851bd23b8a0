// Command line for a local node double: starts an embedded relay (unless --relay is given), the
// LND double and the mostrod double, prints the URLs and keys, and stops everything on
// SIGINT/SIGTERM. Binds 127.0.0.1 only. Must never print the node secret unless asked.
import { parseArgs } from 'node:util';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startLndDouble } from '../lnd/index.ts';
import { startRelay, type RunningRelay } from '../relay/index.ts';
import { startMostrod } from './index.ts';

const HELP = `Usage: npx node sim/mostrod/cli.ts [options]
  --relay <url>          use this relay instead of starting an embedded one
  --protocol <1|2>       transport (default 2)
  --legacy-disputes      publish disputes as kind 38383 z=dispute
  --pow <n>              base PoW (default 0)
  --pow-first-contact <n>
  --bonds                advertise and accept anti-abuse bonds
  --seed <text>          deterministic node key and ids
  --control-port <n>     HTTP control port (default 0 = ephemeral)
  --show-secret          print the node secret key (hex)
  --help`;

const { values } = parseArgs({
	options: {
		relay: { type: 'string' },
		protocol: { type: 'string', default: '2' },
		'legacy-disputes': { type: 'boolean', default: false },
		pow: { type: 'string', default: '0' },
		'pow-first-contact': { type: 'string' },
		bonds: { type: 'boolean', default: false },
		seed: { type: 'string' },
		'control-port': { type: 'string', default: '0' },
		'show-secret': { type: 'boolean', default: false },
		help: { type: 'boolean', default: false }
	}
});

if (values.help) {
	console.log(HELP);
	process.exit(0);
}

const relay: RunningRelay | null = values.relay ? null : await startRelay();
const relayUrl = values.relay ?? relay?.url ?? '';
const lnd = await startLndDouble({ seed: values.seed });
const mostrod = await startMostrod({
	relays: [relayUrl],
	lnd,
	protocolVersion: values.protocol === '1' ? 1 : 2,
	legacyDisputes: values['legacy-disputes'],
	pow: Number(values.pow),
	powFirstContact: values['pow-first-contact'] === undefined ? undefined : Number(values['pow-first-contact']),
	bondEnabled: values.bonds,
	secretKey: values.seed,
	seed: values.seed,
	controlPort: Number(values['control-port']),
	log: (line) => console.log(`[mostrod] ${line}`)
});

console.log(`relay     ${relayUrl}`);
console.log(`lnd       ${lnd.socket} (node ${lnd.pubkey})`);
console.log(`mostrod   ${mostrod.pubkey}\n          ${mostrod.npub}`);
console.log(`control   ${mostrod.controlUrl ?? '-'}`);
if (values['show-secret']) console.log(`secret    ${bytesToHex(mostrod.secretKey)}`);

let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	await mostrod.stop();
	await lnd.stop();
	await relay?.stop();
	process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
