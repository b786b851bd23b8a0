// The hand-over route from the colleague's take verdict (MOSTROD.md §2.2): their own key only for
// a read-write colleague over a read-only holder (or a holder outside the console); the operator
// route, with the reason, wherever the daemon would answer CantDo invalid_pubkey.
import { describe, expect, it } from 'vitest';
import { judgeTake } from '../../../../src/lib/server/mostro/actions/take-rules.ts';
import { handoverRouteOf, parseHandoverRefusal } from '../../../../src/lib/server/case-notes/handover-rules.ts';

const holder = (permission: 'read' | 'read-write' | null) => ({ userId: 1, name: 'ana', permission });
const colleague = (myPermission: 'read' | 'read-write' | null, holderPermission: 'read' | 'read-write' | null, hasKey = true, status = 'in-progress') =>
	handoverRouteOf(judgeTake({ status, myUserId: 2, myPermission, hasKey, holder: holder(holderPermission) }));

describe('hand-over route', () => {
	it('goes the solver route only for read-write over read-only', () => {
		expect(colleague('read-write', 'read')).toEqual({ route: 'solver' });
	});

	it('goes the operator route with the daemon’s reason otherwise', () => {
		expect(colleague('read-write', 'read-write')).toEqual({ route: 'operator', refusal: 'rw_over_rw' });
		expect(colleague('read', 'read')).toEqual({ route: 'operator', refusal: 'read_over_anyone' });
		expect(colleague('read', 'read-write')).toEqual({ route: 'operator', refusal: 'read_over_anyone' });
		expect(colleague(null, 'read')).toEqual({ route: 'operator', refusal: 'not_registered' });
		expect(colleague(null, 'read', false)).toEqual({ route: 'operator', refusal: 'no_solver_key' });
	});

	it('has no route for a closed case', () => {
		expect(colleague('read-write', 'read', true, 'settled')).toBeNull();
	});

	it('reads stored reasons exactly', () => {
		expect(parseHandoverRefusal('rw_over_rw')).toBe('rw_over_rw');
		expect(parseHandoverRefusal('closed')).toBeNull();
		expect(parseHandoverRefusal(null)).toBeNull();
	});
});
