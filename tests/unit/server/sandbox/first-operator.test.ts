// The first operator's solver key in the sandbox: who gets it, that it is given once, and that
// a failing form is reported, never thrown into the console (the full path runs against a
// node double in tests/integration/server/sandbox/seeding.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { provisionFirstOperator, watchFirstOperator, type SolverForms } from '../../../../src/lib/server/sandbox/first-operator.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';

function recordingForms(fail = false): SolverForms & { calls: string[] } {
	const calls: string[] = [];
	return {
		calls,
		async give(operatorId, userId) {
			calls.push(`give ${operatorId} ${userId}`);
			if (fail) throw new Error('the give form answered failure (400)');
		},
		async register(operatorId, userId, permission) {
			calls.push(`register ${operatorId} ${userId} ${permission}`);
			return 'acknowledged';
		}
	};
}

describe('the first operator in the sandbox', () => {
	let database: OpenDatabase;
	afterEach(() => database?.close());

	it('waits for an operator, then gives the oldest one a key and registers it read-write', async () => {
		database = openTestDatabase();
		const forms = recordingForms();
		expect(await provisionFirstOperator(database.db, forms, '11'.repeat(32))).toBe('waiting');
		await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		expect(await provisionFirstOperator(database.db, forms, '11'.repeat(32))).toBe('waiting');
		const olga = await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await insertUser(database.db, { name: 'otto', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const watch = watchFirstOperator(database.db, forms, '11'.repeat(32), { intervalMs: 5 });
		expect(await watch.settled).toEqual({ registration: 'acknowledged' });
		expect(forms.calls).toEqual([`give ${olga} ${olga}`, `register ${olga} ${olga} read-write`]);
	});

	it('reports a failing form and stops, without throwing', async () => {
		database = openTestDatabase();
		await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const lines: string[] = [];
		const watch = watchFirstOperator(database.db, recordingForms(true), '11'.repeat(32), { intervalMs: 5, log: (line) => lines.push(line) });
		expect(await watch.settled).toBe('failed');
		expect(lines.join('\n')).toMatch(/could not give the first operator a solver key/);
		expect(lines.join('\n')).not.toContain('11'.repeat(32));
	});

	it('stops watching when the sandbox stops', async () => {
		database = openTestDatabase();
		const watch = watchFirstOperator(database.db, recordingForms(), '11'.repeat(32), { intervalMs: 5 });
		watch.stop();
		expect(await watch.settled).toBe('stopped');
	});
});
