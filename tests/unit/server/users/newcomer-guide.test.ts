// The newcomer guide's state per user: shown until that user dismisses it (kept in their row, so
// it stays gone after a reload), dismissing twice keeps the first time, another user still sees it,
// and the first step knows whether the user's solver key is registered on the node.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { dismissNewcomerGuide, loadNewcomerGuide } from '../../../../src/lib/server/users/newcomer-guide.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;

beforeEach(async () => {
	database = openTestDatabase();
});

afterEach(async () => {
	await database.close();
});

describe('newcomer guide', () => {
	it('is shown until the user dismisses it, for that user only', async () => {
		const db = database.db;
		const mia = await insertUser(db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
		const otto = await insertUser(db, { name: 'otto', role: 'operator', passwordHash: 'x', mustChangePassword: false }, 0);
		expect(await loadNewcomerGuide(db, mia)).toEqual({ dismissed: false, keyRegistered: false });
		await dismissNewcomerGuide({ db }, personActor({ id: mia, name: 'mia', role: 'mediator' }), null, 1000);
		await dismissNewcomerGuide({ db }, personActor({ id: mia, name: 'mia', role: 'mediator' }), null, 2000);
		expect(await loadNewcomerGuide(db, mia)).toEqual({ dismissed: true, keyRegistered: false });
		expect((await db.selectFrom('users').select('newcomer_guide_dismissed_at').where('id', '=', mia).executeTakeFirstOrThrow()).newcomer_guide_dismissed_at).toBe(1000);
		expect(await loadNewcomerGuide(db, otto)).toEqual({ dismissed: false, keyRegistered: false });
	});

	it('says whether the solver key is registered (sent or acknowledged), not merely given', async () => {
		const db = database.db;
		const mia = await insertUser(db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
		await db
			.insertInto('solver_keys')
			.values({ user_id: mia, pubkey: 'ab'.repeat(32), secret_sealed: 'sealed', origin: 'generated', created_at: 0, created_by: mia })
			.execute();
		expect((await loadNewcomerGuide(db, mia)).keyRegistered).toBe(false);
		for (const [state, registered] of [
			['sent', true],
			['acknowledged', true],
			['no-answer', false]
		] as const) {
			await db.updateTable('solver_keys').set({ registration_state: state }).where('user_id', '=', mia).execute();
			expect((await loadNewcomerGuide(db, mia)).keyRegistered).toBe(registered);
		}
	});
});
