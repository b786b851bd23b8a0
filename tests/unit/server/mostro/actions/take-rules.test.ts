// The take rules (MOSTROD.md §2.2) as a table: who may take, retake or take over a dispute from
// what the console knows, without a node or a database.
import { describe, expect, it } from 'vitest';
import { judgeTake, type TakeFacts, type TakeVerdict } from '../../../../../src/lib/server/mostro/actions/take-rules.ts';

const ME = 7;
const rita = { userId: 3, name: 'rita', permission: 'read' } as const;
const walter = { userId: 4, name: 'walter', permission: 'read-write' } as const;
const keyless = { userId: 5, name: 'kim', permission: null } as const;

function facts(over: Partial<TakeFacts>): TakeFacts {
	return { status: 'in-progress', myUserId: ME, myPermission: 'read-write', hasKey: true, holder: null, ...over };
}

const take: TakeVerdict = { allowed: true, kind: 'take', needsConfirmation: false, previousHolder: null };
const retake: TakeVerdict = { allowed: true, kind: 'retake', needsConfirmation: false, previousHolder: null };
const refused = (reason: Extract<TakeVerdict, { allowed: false }>['reason']): TakeVerdict => ({ allowed: false, reason });

describe('judgeTake', () => {
	it.each<[string, Partial<TakeFacts>, TakeVerdict]>([
		['no solver key, even on a new dispute', { status: 'initiated', hasKey: false, myPermission: null }, refused('no_solver_key')],
		['no solver key outweighs a stale permission', { hasKey: false, myPermission: 'read-write' }, refused('no_solver_key')],
		['a key the node never registered', { myPermission: null }, refused('not_registered')],
		['a new dispute, read-write', { status: 'initiated' }, take],
		['a new dispute, read-only', { status: 'initiated', myPermission: 'read' }, take],
		['a new dispute whose stale holder is a colleague', { status: 'initiated', holder: walter }, take],
		['settled', { status: 'settled' }, refused('closed')],
		['seller refunded', { status: 'seller-refunded' }, refused('closed')],
		['released by the seller', { status: 'released' }, refused('closed')],
		['cooperatively canceled', { status: 'cooperatively-canceled' }, refused('closed')],
		['an unknown status', { status: 'something-new' }, refused('closed')],
		['closed outweighs holding it', { status: 'settled', holder: { userId: ME, name: 'me', permission: 'read-write' } }, refused('closed')],
		['my own dispute again, read-write', { holder: { userId: ME, name: 'me', permission: 'read-write' } }, retake],
		['my own dispute again, read-only', { myPermission: 'read', holder: { userId: ME, name: 'me', permission: 'read' } }, retake],
		['read-only over a read-only colleague', { myPermission: 'read', holder: rita }, refused('read_over_anyone')],
		['read-only over a read-write colleague', { myPermission: 'read', holder: walter }, refused('read_over_anyone')],
		['read-only over a holder outside the console', { myPermission: 'read', holder: null }, refused('read_over_anyone')],
		['read-write over a read-write colleague', { holder: walter }, refused('rw_over_rw')],
		['read-write over a colleague whose key is gone (permission unknown)', { holder: keyless }, refused('rw_over_rw')],
		// MOSTROD.md §2.2: no solver key takes a dispute from the node key, not even the console's holder re-taking it.
		['read-write over a read-only colleague while the node key holds it', { holder: rita, heldByNodeKey: true }, refused('held_by_node_key')],
		['my own dispute again while the node key holds it', { holder: { userId: ME, name: 'me', permission: 'read-write' }, heldByNodeKey: true }, refused('held_by_node_key')],
		['a closed dispute the node key held', { status: 'settled', heldByNodeKey: true }, refused('closed')]
	])('%s', (_name, over, verdict) => {
		expect(judgeTake(facts(over))).toEqual(verdict);
	});

	it.each<[string, Partial<TakeFacts>, TakeVerdict]>([
		['over a read-only colleague, naming them', { holder: rita }, { allowed: true, kind: 'takeover', needsConfirmation: true, previousHolder: { userId: 3, name: 'rita' } }],
		['over a holder outside the console (the node decides)', { holder: null }, { allowed: true, kind: 'takeover', needsConfirmation: true, previousHolder: null }]
	])('read-write takes over %s, after confirmation', (_name, over, verdict) => {
		expect(judgeTake(facts(over))).toEqual(verdict);
	});
});
