// The `mostro-mediator` command line: account administration, audit export and verification,
// backups, offline evidence-bundle checks and the standalone sandbox. Prints secrets only when
// they are the point of the command (a one-time password), never logs them.
// Each command loads only the modules it needs (the sandbox runs without the server's).
import { parseArgs } from 'node:util';
import { ConfigError } from '../src/lib/server/config.ts';
import { isRefusal } from '../src/lib/server/errors.ts';
import { translate } from '../src/lib/i18n/index.ts';
import { systemActor } from '../src/lib/server/auth/actor.ts';

const HELP = `Usage: mostro-mediator <command> [options]

Commands:
  user add --name <name> --role <operator|mediator|auditor>
      Create a console user and print a one-time password (changed at first sign-in).
  audit key
      Print the console's audit public key (hex, one line). Keep it somewhere else: it pins
      which key may sign audit checkpoints.
  audit export [--from <time>] [--to <time>]
      Write the hash-chained audit log as JSON lines (redirect to a file).
  audit verify [<file.jsonl>] [--pubkey <hex>] [--witness relays|<file>]
      Check an exported file, or the live database: exit 0 only if no entry was edited,
      dropped, reordered or appended out of chain, every checkpoint is signed by the pinned
      key (--pubkey or MEDIATOR_AUDIT_PUBKEY) and no older entry is left unsigned; otherwise
      name the first problem. Without a pinned key it trusts the key found in the file.
      --witness checks the log against the checkpoints appended to MEDIATOR_AUDIT_WITNESS_FILE:
      it fails if any disagrees or if the log is shorter than the newest. --witness relays
      fetches the checkpoints the console published to the configured relays (kind 3383, by
      the pinned key or else the database's audit key) and checks them the same way.
  backup [--sealed] <file>
      Write a consistent copy of the database (mode 600) while the console runs. A plain copy
      holds chat text, evidence and password hashes in clear; --sealed encrypts it all with
      the master key. The master key is never in it: back it up separately.
  restore <sealed backup> <new database file>
      Decrypt a sealed backup with the master key into a new database file (mode 600).
  evidence verify <bundle.json> [--key <hex>]
      Check an evidence bundle offline: the manifest signature, every event signature and each
      recorded verdict (re-derived by decrypting when the chat key is given or included).
      Exit code 0 only if everything verifies.
  sandbox [options]
      Run the Mostro sandbox alone (relay, node double, LND double, blob server, simulated
      traders) for tests and benchmarks; \`sandbox --help\` lists its options and control endpoint.
  help
      Show this help.

The data directory comes from MEDIATOR_DATA_DIR (default ./data) or mediator.config.json.
Start the console itself with: npm start (with no Mostro node configured it starts the
sandbox too; MEDIATOR_SANDBOX=off turns that off).`;

async function userAdd(args: string[]): Promise<number> {
	const [{ openConsoleDatabase }, { isRole }, { createUser }] = await Promise.all([
		import('./commands/database.ts'),
		import('../src/lib/access/access-rules.ts'),
		import('../src/lib/server/users/accounts.ts')
	]);
	const { values } = parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } }, strict: true });
	if (!values.name || !values.role || !isRole(values.role)) {
		console.error('user add needs --name <name> and --role <operator|mediator|auditor>');
		return 2;
	}
	const database = await openConsoleDatabase();
	try {
		const { oneTimePassword } = await createUser(database, systemActor('cli'), null, { name: values.name, role: values.role });
		const [{ signAuditHead }, { openConsoleSealer }, { appendWitnessLine, witnessFileFromEnv }] = await Promise.all([
			import('../src/lib/server/audit/checkpoints.ts'),
			import('./commands/database.ts'),
			import('../src/lib/server/audit/witness-file.ts')
		]);
		const checkpoint = await signAuditHead(database.db, openConsoleSealer());
		const witnessFile = witnessFileFromEnv();
		if (checkpoint && witnessFile) appendWitnessLine(witnessFile, checkpoint);
		console.log(`Created ${values.role} "${values.name}".`);
		console.log(`One-time password (must be changed at first sign-in): ${oneTimePassword}`);
		return 0;
	} finally {
		await database.close();
	}
}

async function evidenceVerify(args: string[]): Promise<number> {
	const [{ readFileSync }, { verifyEvidenceBundle }, { formatBundleReport }, { libsecp256k1Bip340 }] = await Promise.all([
		import('node:fs'),
		import('../src/lib/protocol/evidence-bundle-verify.ts'),
		import('../src/lib/server/evidence/bundle-report.ts'),
		import('../src/lib/server/evidence/libsecp256k1-verifier.ts')
	]);
	const { values, positionals } = parseArgs({ args, options: { key: { type: 'string' } }, allowPositionals: true, strict: true });
	const [file] = positionals;
	if (!file || positionals.length !== 1) {
		console.error('evidence verify needs one bundle file: evidence verify <bundle.json> [--key <hex>]');
		return 2;
	}
	let bundle: unknown;
	try {
		bundle = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		console.error(`error: cannot read ${file} as JSON (${error instanceof Error ? error.message : String(error)})`);
		return 1;
	}
	const report = verifyEvidenceBundle(bundle, { secretHex: values.key ?? null, bip340: libsecp256k1Bip340 });
	for (const line of formatBundleReport(report)) console.log(line);
	return report.ok ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
	const [command, sub, ...rest] = argv;
	try {
		if (!command || command === 'help' || command === '--help' || command === '-h') {
			console.log(HELP);
			return 0;
		}
		if (command === 'user' && sub === 'add') return await userAdd(rest);
		if (command === 'audit') return await (await import('./commands/audit.ts')).auditCommand(argv.slice(1));
		if (command === 'backup') return await (await import('./commands/backup.ts')).backupCommand(argv.slice(1));
		if (command === 'restore') return await (await import('./commands/backup.ts')).restoreCommand(argv.slice(1));
		if (command === 'evidence' && sub === 'verify') return await evidenceVerify(rest);
		if (command === 'sandbox') return await (await import('../sim/sandbox/cli.ts')).main(argv.slice(1));
		console.error(`Unknown command: ${argv.join(' ')}\n\n${HELP}`);
		return 2;
	} catch (error) {
		if (error instanceof ConfigError) console.error(`error: ${error.message}`);
		else if (isRefusal(error)) console.error(`error: ${translate('en', error.messageKey, error.params)}`);
		else if (error instanceof Error && error.name === 'ParseArgsError') console.error(`error: ${error.message}`);
		else throw error;
		return 1;
	}
}
