// The Kysely table types in src/lib/server/db/schema.ts describe the database the migrations
// build: same tables, same columns, same nullability, a matching SQLite type, and `Generated<>`
// only where the database fills the value in. The migrations are applied to a fresh in-memory
// database and read back with PRAGMA table_info; schema.ts is read with the TypeScript checker
// (no hand-kept copy of the column list). Never edits either side to make them agree.
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { applyMigrations, type Migration } from '../../../../src/lib/server/db/migrate.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

const SCHEMA = fileURLToPath(new URL('../../../../src/lib/server/db/schema.ts', import.meta.url));

type Kind = 'number' | 'string' | 'other';

interface Column {
	nullable: boolean;
	kind: Kind;
	/** The database supplies a value when an insert leaves it out (a DEFAULT, a rowid key, or NULL). */
	filledIn: boolean;
}

type Tables = Map<string, Map<string, Column>>;

/** Tables the migrations create that are bookkeeping, not part of the typed schema. */
const UNTYPED_TABLES = new Set(['schema_migrations']);

function migratedTables(migrations: Migration[]): Tables {
	const db = new DatabaseSync(':memory:');
	applyMigrations(db, migrations, 1);
	const tables: Tables = new Map();
	const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
	for (const { name } of names) {
		if (typeof name !== 'string' || UNTYPED_TABLES.has(name)) continue;
		const info = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
		const rowidKey = info.filter((c) => c.pk > 0).length === 1 ? info.find((c) => c.pk > 0 && c.type.toUpperCase() === 'INTEGER') : undefined;
		const columns = new Map<string, Column>();
		for (const c of info) {
			const type = c.type.toUpperCase();
			// SQLite lets a non-INTEGER PRIMARY KEY hold NULL (a historical quirk); the console never
			// stores one, so a key column counts as NOT NULL.
			const nullable = c.notnull === 0 && c.pk === 0;
			const kind: Kind = type.includes('INT') || type === 'REAL' ? 'number' : type === 'TEXT' ? 'string' : 'other';
			columns.set(c.name, { nullable, kind, filledIn: nullable || c.dflt_value !== null || c === rowidKey });
		}
		tables.set(name, columns);
	}
	db.close();
	return tables;
}

function typedTables(): Tables {
	const program = ts.createProgram([SCHEMA], {
		strict: true,
		noEmit: true,
		skipLibCheck: true,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		types: []
	});
	const source = program.getSourceFile(SCHEMA);
	if (!source) throw new Error(`cannot read ${SCHEMA}`);
	const problems = ts.getPreEmitDiagnostics(program, source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
	if (problems.length > 0) throw new Error(`schema.ts does not type-check on its own: ${problems.join('; ')}`);
	const checker = program.getTypeChecker();
	const moduleSymbol = checker.getSymbolAtLocation(source);
	const database = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Database');
	if (!database) throw new Error('schema.ts exports no Database interface');

	const parts = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
	const tables: Tables = new Map();
	for (const table of checker.getDeclaredTypeOfSymbol(database).getProperties()) {
		const columns = new Map<string, Column>();
		for (const column of checker.getTypeOfSymbol(table).getProperties()) {
			let type = checker.getTypeOfSymbol(column);
			let filledIn = false;
			// Kysely's ColumnType<Select, Insert, Update> (Generated<T> is one): read the selected
			// type, and whether an insert may leave the column out.
			const select = type.getProperty('__select__');
			const insert = type.getProperty('__insert__');
			if (select && insert) {
				filledIn = parts(checker.getTypeOfSymbol(insert)).some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
				type = checker.getTypeOfSymbol(select);
			}
			const values = parts(type).filter((t) => (t.flags & ts.TypeFlags.Null) === 0);
			const nullable = values.length < parts(type).length;
			const kinds = new Set(values.map((t): Kind => ((t.flags & ts.TypeFlags.NumberLike) !== 0 ? 'number' : (t.flags & ts.TypeFlags.StringLike) !== 0 ? 'string' : 'other')));
			const kind: Kind = kinds.size === 1 ? [...kinds][0]! : 'other';
			columns.set(column.name, { nullable, kind, filledIn: filledIn || nullable });
		}
		tables.set(table.name, columns);
	}
	return tables;
}

/** Every disagreement between the migrated database and the schema types, one line each. */
export function schemaMismatches(migrated: Tables, typed: Tables): string[] {
	const out: string[] = [];
	for (const table of new Set([...migrated.keys(), ...typed.keys()])) {
		const inDb = migrated.get(table);
		const inTs = typed.get(table);
		if (!inDb) {
			out.push(`${table}: in schema.ts, not created by the migrations`);
			continue;
		}
		if (!inTs) {
			out.push(`${table}: created by the migrations, missing from schema.ts`);
			continue;
		}
		for (const name of new Set([...inDb.keys(), ...inTs.keys()])) {
			const db = inDb.get(name);
			const typedColumn = inTs.get(name);
			const where = `${table}.${name}`;
			if (!db) out.push(`${where}: in schema.ts, not in the migrations`);
			else if (!typedColumn) out.push(`${where}: in the migrations, missing from schema.ts`);
			else {
				if (db.nullable !== typedColumn.nullable) out.push(`${where}: ${db.nullable ? 'nullable' : 'NOT NULL'} in the migrations, ${typedColumn.nullable ? 'nullable' : 'not nullable'} in schema.ts`);
				if (db.kind !== typedColumn.kind) out.push(`${where}: ${db.kind} in the migrations, ${typedColumn.kind} in schema.ts`);
				if (typedColumn.filledIn && !db.filledIn) out.push(`${where}: Generated in schema.ts, but the migrations give it no default`);
			}
		}
	}
	return out;
}

describe('db/schema.ts matches the migrations', () => {
	const migrations = readMigrationsFromDisk();
	const typed = typedTables();

	it('reads every table of both sides', () => {
		expect(typed.size).toBeGreaterThan(20);
		expect(typed.get('users')?.get('totp_key_sealed')).toEqual({ nullable: true, kind: 'string', filledIn: true });
		expect(typed.get('users')?.get('locale')).toEqual({ nullable: false, kind: 'string', filledIn: true });
		expect(typed.get('decisions')?.get('outcome')).toEqual({ nullable: false, kind: 'string', filledIn: false });
		expect(migratedTables(migrations).size).toBe(typed.size);
	});

	it('has the same tables, columns, nullability and types', () => {
		expect(schemaMismatches(migratedTables(migrations), typed)).toEqual([]);
	});

	it('fails when a migration adds a column schema.ts lacks, or drops one it declares', () => {
		const next = migrations.length + 1;
		const changed = [...migrations, { version: next, name: `${next}-probe.sql`, sql: 'ALTER TABLE users ADD COLUMN nickname TEXT; ALTER TABLE users DROP COLUMN theme; CREATE TABLE probe (x INTEGER);' }];
		expect(schemaMismatches(migratedTables(changed), typed).sort()).toEqual([
			'probe: created by the migrations, missing from schema.ts',
			'users.nickname: in the migrations, missing from schema.ts',
			'users.theme: in schema.ts, not in the migrations'
		]);
	});

	it('fails on a nullability, type or default disagreement', () => {
		const column = (nullable: boolean, kind: Kind, filledIn: boolean): Column => ({ nullable, kind, filledIn });
		const db: Tables = new Map([
			[
				't',
				new Map([
					['a', column(true, 'string', true)],
					['b', column(false, 'number', false)],
					['c', column(false, 'number', false)]
				])
			]
		]);
		const schema: Tables = new Map([
			[
				't',
				new Map([
					['a', column(false, 'string', false)],
					['b', column(false, 'string', false)],
					['c', column(false, 'number', true)]
				])
			]
		]);
		expect(schemaMismatches(db, schema)).toEqual(['t.a: nullable in the migrations, not nullable in schema.ts', 't.b: number in the migrations, string in schema.ts', 't.c: Generated in schema.ts, but the migrations give it no default']);
	});
});
