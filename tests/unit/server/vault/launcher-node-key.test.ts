// The node key a launcher hands over in memory: it signs only for its own node, gives out copies
// (wiping one leaves it intact), keeps its own copy of what it was handed, and forgets on clear.
import { describe, expect, it } from 'vitest';
import { LauncherNodeKey } from '../../../../src/lib/server/vault/launcher-node-key.ts';
import { getPubkey } from '../../../../src/lib/protocol/keys.ts';

const secret = () => new Uint8Array(32).fill(7);
const node = getPubkey(secret());
const other = getPubkey(new Uint8Array(32).fill(9));

describe('LauncherNodeKey', () => {
	it('holds none by default: the pasted-or-vault rule applies', () => {
		const held = new LauncherNodeKey();
		expect(held.signsFor(node)).toBe(false);
		expect(held.open(node)).toBeNull();
	});

	it('signs for its own node only, and never without a followed node', () => {
		const held = new LauncherNodeKey();
		const handed = secret();
		held.hold(handed);
		handed.fill(0);
		expect(held.signsFor(node)).toBe(true);
		expect(held.signsFor(other)).toBe(false);
		expect(held.signsFor(null)).toBe(false);
		expect(held.open(other)).toBeNull();
		const copy = held.open(node);
		expect(copy).toEqual(secret());
		copy!.fill(0);
		expect(held.open(node)).toEqual(secret());
		held.clear();
		expect(held.signsFor(node)).toBe(false);
	});
});
