// Only the case module (src/lib/server/cases/) touches the tables of a dispute's life. This
// scans every source file outside it (the schema types and the migrations excepted) for
// Kysely table access, joins, qualified column references and raw SQL naming those tables.
// Tests and their helpers may still seed the tables directly.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const CASE_TABLES = ['disputes', 'dispute_revisions', 'dispute_info', 'dispute_counts', 'orders', 'order_revisions', 'decisions', 'escrow_checks'];
const ROOT = join(import.meta.dirname, '../../../..');
const SRC = join(ROOT, 'src');
const ALLOWED = ['src/lib/server/cases/', 'src/lib/server/db/schema.ts', 'src/lib/server/db/migrations/'];

const names = CASE_TABLES.join('|');
const PATTERNS: RegExp[] = [
	// selectFrom('disputes'), insertInto("orders as o"), updateTable(`decisions`)…
	new RegExp(String.raw`\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with)\(\s*['"\x60](${names})\b`),
	// innerJoin('dispute_info', …), leftJoin('orders as o', …)
	new RegExp(String.raw`\b(innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|join)\(\s*['"\x60](${names})\b`),
	// 'disputes.id', "orders.status" (qualified column references)
	new RegExp(String.raw`['"\x60](${names})\.[a-z_*]+`),
	// sql.table('disputes'), sql.ref('orders.id')
	new RegExp(String.raw`\bsql\.(table|ref|id)\(\s*['"\x60](${names})\b`),
	// raw SQL: FROM disputes, JOIN orders, INSERT INTO decisions, UPDATE escrow_checks
	new RegExp(String.raw`\b(FROM|JOIN|INTO|UPDATE)\s+(${names})\b`)
];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|js|svelte)$/.test(name) ? [path] : [];
	});
}

/** Code without comments, so prose about "orders from disputes" does not count. */
function withoutComments(text: string): string {
	return text
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/(^|[^:'"\x60])\/\/.*$/gm, '$1');
}

function findCaseTableAccess(text: string): string[] {
	const code = withoutComments(text);
	return code.split('\n').filter((line) => PATTERNS.some((pattern) => pattern.test(line)));
}

describe('case table ownership', () => {
	it('recognises each way of touching a case table', () => {
		for (const line of [
			"db.selectFrom('disputes').selectAll()",
			"tx.insertInto('decisions').values(v)",
			"tx.updateTable('escrow_checks')",
			"db.deleteFrom('order_revisions')",
			".leftJoin('dispute_info', 'dispute_info.dispute_id', 'x.id')",
			".innerJoin('orders as o', 'o.id', 'x.order_id')",
			'sql`SELECT 1 FROM decisions WHERE 1`',
			"db.selectFrom('dispute_counts')"
		]) {
			expect(findCaseTableAccess(line), line).toHaveLength(1);
		}
		expect(findCaseTableAccess("// reads from disputes\nconst orders = 1;\ndb.selectFrom('users')")).toEqual([]);
	});

	it('finds no access outside src/lib/server/cases/', () => {
		const offenders: string[] = [];
		const files = sourceFiles(SRC);
		expect(files.length).toBeGreaterThan(100);
		for (const path of files) {
			const rel = relative(ROOT, path).split(sep).join('/');
			if (ALLOWED.some((allowed) => rel.startsWith(allowed))) continue;
			for (const line of findCaseTableAccess(readFileSync(path, 'utf8'))) offenders.push(`${rel}: ${line.trim()}`);
		}
		expect(offenders).toEqual([]);
	});
});
