// The `mostro-mediator` command line: account administration, audit export and verification,
// backups, offline evidence-bundle checks and the standalone sandbox. Prints secrets only when
// they are the point of the command (a one-time password), never logs them.
// Each command loads only the modules it needs (the sandbox runs without the server's). Its own
// messages come from cli-messages.ts in the language --lang or the POSIX locale picks.
import { parseArgs } from 'node:util';
import { ConfigError } from '../src/lib/server/config.ts';
import { isRefusal } from '../src/lib/server/errors.ts';
import { translate, type Locale } from '../src/lib/i18n/index.ts';
import { systemActor } from '../src/lib/server/auth/actor.ts';
import { cliText } from './cli-messages.ts';
import { pickCliLocale } from './cli-locale.ts';

async function userAdd(args: string[], locale: Locale): Promise<number> {
	const [{ openConsoleDatabase }, { isRole }, { createUser }] = await Promise.all([import('./commands/database.ts'), import('../src/lib/access/access-rules.ts'), import('../src/lib/server/users/accounts.ts')]);
	const { values } = parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } }, strict: true });
	if (!values.name || !values.role || !isRole(values.role)) {
		console.error(cliText(locale, 'user_add.usage'));
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
		console.log(cliText(locale, 'user_add.created', { role: values.role, name: values.name }));
		console.log(cliText(locale, 'user_add.password', { password: String(oneTimePassword) }));
		return 0;
	} finally {
		await database.close();
	}
}

async function evidenceVerify(args: string[], locale: Locale): Promise<number> {
	const [{ readFileSync }, { verifyEvidenceBundle }, { formatBundleReport }, { libsecp256k1Bip340 }] = await Promise.all([
		import('node:fs'),
		import('../src/lib/protocol/evidence-bundle-verify.ts'),
		import('../src/lib/server/evidence/bundle-report.ts'),
		import('../src/lib/server/evidence/libsecp256k1-verifier.ts')
	]);
	const { values, positionals } = parseArgs({ args, options: { key: { type: 'string' } }, allowPositionals: true, strict: true });
	const [file] = positionals;
	if (!file || positionals.length !== 1) {
		console.error(cliText(locale, 'evidence.usage'));
		return 2;
	}
	let bundle: unknown;
	try {
		bundle = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		console.error(cliText(locale, 'error', { message: cliText(locale, 'evidence.unreadable', { file, reason: error instanceof Error ? error.message : String(error) }) }));
		return 1;
	}
	const report = verifyEvidenceBundle(bundle, { secretHex: values.key ?? null, bip340: libsecp256k1Bip340 });
	for (const line of formatBundleReport(report, (phrase, params) => cliText(locale, `evidence.report.${phrase}`, params))) console.log(line);
	return report.ok ? 0 : 1;
}

export async function main(rawArgv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
	const { locale, rest: argv } = pickCliLocale(rawArgv, env);
	const [command, sub, ...rest] = argv;
	try {
		if (!command || command === 'help' || command === '--help' || command === '-h') {
			console.log(cliText(locale, 'help'));
			return 0;
		}
		if (command === 'user' && sub === 'add') return await userAdd(rest, locale);
		if (command === 'audit') return await (await import('./commands/audit.ts')).auditCommand(argv.slice(1), locale);
		if (command === 'backup') return await (await import('./commands/backup.ts')).backupCommand(argv.slice(1), locale);
		if (command === 'restore') return await (await import('./commands/backup.ts')).restoreCommand(argv.slice(1), locale);
		if (command === 'evidence' && sub === 'verify') return await evidenceVerify(rest, locale);
		if (command === 'sandbox') return await (await import('../sim/sandbox/cli.ts')).main(argv.slice(1));
		console.error(`${cliText(locale, 'unknown_command', { command: argv.join(' ') })}\n\n${cliText(locale, 'help')}`);
		return 2;
	} catch (error) {
		if (error instanceof ConfigError) console.error(cliText(locale, 'error', { message: error.message }));
		else if (isRefusal(error)) console.error(cliText(locale, 'error', { message: translate(locale, error.messageKey, error.params) }));
		else if (error instanceof Error && error.name === 'ParseArgsError') console.error(cliText(locale, 'error', { message: error.message }));
		else throw error;
		return 1;
	}
}
