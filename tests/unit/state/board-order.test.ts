// Next and previous case follow the board list the mediator last saw; unknown ids and the ends
// of the list give no neighbour.
import { describe, expect, it } from 'vitest';
import { neighbourOf } from '../../../src/lib/state/board-order.ts';

describe('neighbourOf', () => {
	const ids = ['a', 'b', 'c'];
	it('finds the next and the previous dispute', () => {
		expect(neighbourOf('b', 1, ids)).toBe('c');
		expect(neighbourOf('b', -1, ids)).toBe('a');
	});
	it('gives none at the ends or for a dispute not in the list', () => {
		expect(neighbourOf('c', 1, ids)).toBeNull();
		expect(neighbourOf('a', -1, ids)).toBeNull();
		expect(neighbourOf('z', 1, ids)).toBeNull();
		expect(neighbourOf('a', 1, [])).toBeNull();
	});
});
