// Bench: the board's server-side query time with 100,000 disputes in a real SQLite file, or in
// PostgreSQL when MEDIATOR_DATABASE_URL is set (npm run bench:board-scale:pg starts a throwaway
// cluster). Measures the first page (counts + rows) and a search by order id; reports p50/p95.
// Run: npm run bench:board-scale
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/lib/server/db/index.ts';
import { readMigrationsFromDisk, readMigrationSetFromDisk } from '../src/lib/server/db/migrations-on-disk.ts';
import { openPostgres } from '../src/lib/server/db/postgres.ts';
import { countBuckets, listBoard, parseBoardQuery } from '../src/lib/server/cases/board-query.ts';

const DISPUTES = 100_000;
const RUNS = 200;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
	for (let i = 0; i < 10; i++) await fn();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await fn();
		samples.push(performance.now() - start);
	}
	samples.sort((a, b) => a - b);
	return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const statuses = ['initiated', 'in-progress', 'in-progress', 'settled', 'seller-refunded', 'settled', 'released'];
const now = Math.floor(Date.now() / 1000);
const orderIds: string[] = [];
const rows = Array.from({ length: DISPUTES }, (_, i) => {
	const orderId = randomUUID();
	if (i % 1000 === 0) orderIds.push(orderId);
	const opened = now - i * 60;
	return {
		id: randomUUID(),
		status: statuses[i % statuses.length]!,
		initiator: i % 2 ? 'buyer' : 'seller',
		opened_at: opened,
		first_seen_at: opened * 1000,
		revision_at: opened,
		revision_event_id: randomUUID().replace(/-/g, ''),
		order_id: orderId,
		holder_user_id: null,
		updated_at: opened * 1000
	};
});
const postgresUrl = process.env.MEDIATOR_DATABASE_URL;
const dialect = postgresUrl ? 'PostgreSQL' : 'SQLite';
console.log(`Seeding ${DISPUTES} disputes into ${dialect}…`);
let database: { db: Db; close(): Promise<void> };
if (postgresUrl) {
	// A database of its own on the server, so the bench never touches existing data.
	const name = `bench_board_${process.pid}`;
	const admin = new pg.Client({ connectionString: postgresUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(postgresUrl);
	url.pathname = `/${name}`;
	database = await openPostgres(url.toString(), readMigrationSetFromDisk().postgres);
	for (let i = 0; i < rows.length; i += 1000)
		await database.db
			.insertInto('disputes')
			.values(rows.slice(i, i + 1000))
			.execute();
	await sql`ANALYZE`.execute(database.db);
} else {
	const dir = mkdtempSync(join(tmpdir(), 'mm-bench-board-'));
	const sqlite = openDatabase(join(dir, 'bench.sqlite'), readMigrationsFromDisk());
	const insert = sqlite.raw.prepare('INSERT INTO disputes (id, status, initiator, opened_at, first_seen_at, revision_at, revision_event_id, order_id, holder_user_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)');
	sqlite.raw.exec('BEGIN');
	for (const r of rows) insert.run(r.id, r.status, r.initiator, r.opened_at, r.first_seen_at, r.revision_at, r.revision_event_id, r.order_id, r.updated_at);
	sqlite.raw.exec('COMMIT');
	sqlite.raw.exec('ANALYZE');
	database = sqlite;
}

const firstPage = parseBoardQuery(new URLSearchParams());
const firstPageTime = await time(RUNS, () => Promise.all([countBuckets(database.db, 1), listBoard(database.db, firstPage, 1)]));
let n = 0;
const searchTime = await time(RUNS, () => listBoard(database.db, parseBoardQuery(new URLSearchParams({ q: orderIds[n++ % orderIds.length]! })), 1));
const newBucket = await time(RUNS, () => listBoard(database.db, parseBoardQuery(new URLSearchParams({ bucket: 'new' })), 1));

const fmt = (r: { p50: number; p95: number }) => `p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`;
console.log(`board-scale (${dialect}): ${DISPUTES} disputes, ${RUNS} runs each, Node ${process.version}`);
console.log(`  first page (counts + 50 rows): ${fmt(firstPageTime)}  (target p95 ≤ 10 ms)`);
console.log(`  search by order id:            ${fmt(searchTime)}  (target p95 ≤ 20 ms)`);
console.log(`  "New" bucket, first page:      ${fmt(newBucket)}`);
await database.close();
