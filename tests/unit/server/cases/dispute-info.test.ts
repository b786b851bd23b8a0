// A stored SolverDisputeInfo that no longer decodes is the state `unreadable`: logged once,
// shown as unreadable on the case page, never a crash and never a silent default elsewhere.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import type { MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import type { SessionUser } from '../../../../src/lib/server/auth/session-types.ts';
import { readDisputeInfo } from '../../../../src/lib/server/cases/dispute-info.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { loadCase } from '../../../../src/lib/server/mostro/case-view.ts';
import { loadDecisionView } from '../../../../src/lib/server/mostro/decision-view.ts';
import { loadEvidenceCase } from '../../../../src/lib/server/evidence/evidence-case.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { translate } from '../../../../src/lib/i18n/index.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { seedTakenCase } from '../../../helpers/case-seed.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let user: SessionUser;

beforeEach(async () => {
	database = openTestDatabase();
	const id = await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	user = { id, name: 'mia', role: 'mediator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false };
});
afterEach(() => {
	database.close();
	vi.restoreAllMocks();
});

describe('stored dispute info', () => {
	it('reads a good row as ok and a missing one as none', async () => {
		const good = await seedTakenCase(database.db, user.id, { amount: 1_000, fee: 3 });
		const stored = await readDisputeInfo(database.db, good.disputeId);
		expect(stored.state).toBe('ok');
		expect(stored.state === 'ok' && stored.info.amount).toBe(1_000);
		expect((await readDisputeInfo(database.db, 'no-such-dispute')).state).toBe('none');
	});

	for (const [label, text] of [
		['broken JSON', '{"id": '],
		['a wrong shape', '{"id":"not-a-uuid","amount":"lots"}']
	] as const) {
		it(`reads ${label} as unreadable, logged once, everywhere`, async () => {
			const warn = vi.spyOn(console, 'error').mockImplementation(() => undefined);
			const bad = await seedTakenCase(database.db, user.id, { amount: 1_000, fee: 3, infoText: text });
			expect(await readDisputeInfo(database.db, bad.disputeId)).toEqual({ state: 'unreadable', receivedAt: 1_700_000_100_000 });
			const services = { db: database.db, engine: { nodePubkey: null } } as unknown as MostroServices;
			const view = await loadCase(services, user.id, bad.disputeId);
			expect(view.infoState).toBe('unreadable');
			expect(view.info).toBeNull();
			expect(view.money).toBeNull();
			const decision = await loadDecisionView(services, personActor(user), bad.disputeId);
			expect(decision.money).toBeNull();
			expect(decision.verdict.allowed).toBe(false);
			const board = await listBoard(database.db, parseBoardQuery(new URLSearchParams()), user.id);
			expect(board.rows[0]?.escrowSats).toBeNull();
			await expect(loadEvidenceCase(database.db, bad.disputeId)).rejects.toMatchObject({ code: 'conflict', messageKey: 'case.info_unreadable' });
			const lines = warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('stored dispute info is unreadable') && line.includes(bad.disputeId));
			expect(lines).toHaveLength(1);
		});
	}

	it('has the unreadable wording in both languages', () => {
		expect(translate('en', 'case.info_unreadable')).toMatch(/unreadable/);
		expect(translate('es', 'case.info_unreadable')).toMatch(/ilegible/);
	});
});
