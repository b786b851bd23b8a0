// The `mostro-mediator` command line: account administration now, more subcommands
// (audit, evidence, backup, sandbox) as they land. Prints secrets only when they are
// the point of the command (a one-time password), never logs them.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../src/lib/server/db/migrations-on-disk.ts';
import { DATABASE_FILE, prepareDataDir } from '../src/lib/server/runtime.ts';
import { isRole } from '../src/lib/server/auth/access.ts';
import { createUser } from '../src/lib/server/users/accounts.ts';
import { isRefusal } from '../src/lib/server/errors.ts';
import { translate } from '../src/lib/i18n/index.ts';

const HELP = `Usage: mostro-mediator <command> [options]

Commands:
  user add --name <name> --role <operator|mediator|auditor>
      Create a console user and print a one-time password (changed at first sign-in).
  help
      Show this help.

The data directory comes from MEDIATOR_DATA_DIR (default ./data) or mediator.config.json.
Start the console itself with: npm start`;

async function userAdd(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } }, strict: true });
	if (!values.name || !values.role || !isRole(values.role)) {
		console.error('user add needs --name <name> and --role <operator|mediator|auditor>');
		return 2;
	}
	const config = loadConfig();
	prepareDataDir(config.dataDir);
	const database = openDatabase(join(config.dataDir, DATABASE_FILE), readMigrationsFromDisk());
	try {
		const { oneTimePassword } = await createUser(database.db, { userId: null, label: 'cli' }, { name: values.name, role: values.role });
		console.log(`Created ${values.role} "${values.name}".`);
		console.log(`One-time password (must be changed at first sign-in): ${oneTimePassword}`);
		return 0;
	} finally {
		await database.close();
	}
}

export async function main(argv: string[]): Promise<number> {
	const [command, sub, ...rest] = argv;
	try {
		if (!command || command === 'help' || command === '--help' || command === '-h') {
			console.log(HELP);
			return 0;
		}
		if (command === 'user' && sub === 'add') return await userAdd(rest);
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
