// Command line of the sandbox (`npx node sim/sandbox/cli.ts`, or `main(argv)` from the project's
// CLI): parses the options, starts the sandbox, prints where everything listens and stays up
// until SIGINT/SIGTERM, then stops it cleanly. `--help` lists the options and the node double's
// control routes, read from the header of sim/mostrod/control-http.ts so they never drift.
// Must never print the LND macaroon or the node key unless asked with --json.
import { readFileSync } from 'node:fs';
import { encodeNpub } from '../../src/lib/protocol/keys.ts';
import { startSandbox, type SandboxOptions } from './sandbox.ts';

const CONTROL_SOURCE = new URL('../mostrod/control-http.ts', import.meta.url);

function controlRoutes(): string {
	try {
		const lines = readFileSync(CONTROL_SOURCE, 'utf8').split('\n');
		const start = lines.findIndex((l) => l.includes('Routes:'));
		const out: string[] = [];
		for (const l of lines.slice(start + 1)) {
			if (!l.startsWith('//   ')) break;
			out.push(`  ${l.slice(5)}`);
		}
		if (start >= 0 && out.length > 0) return out.join('\n');
	} catch {
		// source not available (bundled build): fall through
	}
	return '  GET /info, GET /state, GET /orders/:id, GET /disputes/:id, POST /orders, POST /orders/:id/<action>, POST /solvers, POST /faults';
}

export function sandboxHelp(): string {
	return `Usage: sandbox [options]

Starts a local Mostro sandbox: embedded relay, LND double, blob server, Mostro node double and
simulated traders with seeded disputes, and keeps it running until Ctrl-C.

Options:
  --data-dir D     keep the relay database and sandbox-state.json in D (restarts keep the node key
                   and do not seed again); default: everything in memory
  --disputes N     disputes to seed (default 12)
  --trickle-ms N   open a new dispute every N ms (default 90000; 0 = off)
  --transport 1|2  node transport: 1 = gift wrap (kind 1059), 2 = NIP-44 kind 14 (default 2)
  --seed S         seed for keys, scenarios and replies (default random; the state file's wins)
  --relay-port P   relay port (default: ephemeral)
  --json           print one JSON line with every endpoint, the LND cert/macaroon and node key
  --help           this text

Node double control endpoint (JSON over HTTP on 127.0.0.1, URL printed at start):
${controlRoutes()}

Chat-key requests the traders answer (case-insensitive): "chat key", "clave del chat",
"shared key", "clave compartida". Proof requests: "proof", "screenshot", "receipt",
"comprobante", "captura", "prueba".
`;
}

type Parsed = { ok: true; help: boolean; json: boolean; options: SandboxOptions } | { ok: false; error: string };

function parseArgs(argv: string[]): Parsed {
	const options: SandboxOptions = {};
	let help = false;
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		const int = (): number | null => {
			const v = Number(value());
			return Number.isInteger(v) && v >= 0 ? v : null;
		};
		switch (flag) {
			case '--help':
			case '-h':
				help = true;
				break;
			case '--json':
				json = true;
				break;
			case '--data-dir': {
				const v = value();
				if (!v) return { ok: false, error: '--data-dir needs a path' };
				options.dataDir = v;
				break;
			}
			case '--seed': {
				const v = value();
				if (!v) return { ok: false, error: '--seed needs a value' };
				options.seed = v;
				break;
			}
			case '--disputes': {
				const v = int();
				if (v === null) return { ok: false, error: '--disputes needs a number' };
				options.disputes = v;
				break;
			}
			case '--trickle-ms': {
				const v = int();
				if (v === null) return { ok: false, error: '--trickle-ms needs a number' };
				options.trickleEveryMs = v;
				break;
			}
			case '--relay-port': {
				const v = int();
				if (v === null || v > 65535) return { ok: false, error: '--relay-port needs a port' };
				options.relayPort = v;
				break;
			}
			case '--transport': {
				const v = value();
				if (v !== '1' && v !== '2') return { ok: false, error: '--transport must be 1 or 2' };
				options.protocolVersion = v === '1' ? 1 : 2;
				break;
			}
			default:
				return { ok: false, error: `unknown option ${arg}` };
		}
	}
	return { ok: true, help, json, options };
}

/** Run the sandbox CLI; resolves with the exit code once stopped (SIGINT/SIGTERM) or on error. */
export async function main(argv: string[]): Promise<number> {
	const parsed = parseArgs(argv);
	if (!parsed.ok) {
		process.stderr.write(`sandbox: ${parsed.error}\n\n${sandboxHelp()}`);
		return 2;
	}
	if (parsed.help) {
		process.stdout.write(sandboxHelp());
		return 0;
	}
	const say = (l: string) => process.stdout.write(`${l}\n`);
	const sb = await startSandbox({ ...parsed.options, log: parsed.json ? undefined : (l) => say(`  ${l}`) });
	if (parsed.json) {
		say(
			JSON.stringify({ relayUrl: sb.relayUrl, nodePubkey: sb.nodePubkey, nodeSecretKey: sb.nodeSecretKey, controlUrl: sb.controlUrl, blobUrl: sb.blobUrl, lnd: sb.lnd, protocolVersion: sb.protocolVersion, disputes: sb.disputes().length })
		);
	} else {
		say('Mostro sandbox running');
		say(`  relay:        ${sb.relayUrl}`);
		say(`  node pubkey:  ${sb.nodePubkey}`);
		say(`  node npub:    ${encodeNpub(sb.nodePubkey)}`);
		say(`  transport:    v${sb.protocolVersion}`);
		say(`  control:      ${sb.controlUrl}`);
		say(`  LND socket:   ${sb.lnd.socket}`);
		say(`  blob server:  ${sb.blobUrl}`);
		say(`  disputes:     ${sb.disputes().length}`);
		say('Press Ctrl-C to stop.');
	}
	await new Promise<void>((resolve) => {
		const done = () => {
			process.off('SIGINT', done);
			process.off('SIGTERM', done);
			resolve();
		};
		process.on('SIGINT', done);
		process.on('SIGTERM', done);
	});
	await sb.stop();
	return 0;
}

if (import.meta.main) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(err: unknown) => {
			process.stderr.write(`sandbox: ${(err as Error).stack ?? String(err)}\n`);
			process.exitCode = 1;
		}
	);
}
