// When the pages say "preparing proof of work…": from the stored instance info's required PoW.
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { recordInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { LONG_POW_BITS, needsLongPow } from '../../../../src/lib/server/mostro/pow-notice.ts';
import type { InstanceInfo } from '../../../../src/lib/protocol/events/instance-info.ts';

const NODE = 'a'.repeat(64);

describe('needsLongPow', () => {
	it('follows max(pow, pow_first_contact) on v2 and pow on v1', async () => {
		const { db } = openTestDatabase();
		expect(await needsLongPow(db, null)).toBe(false);
		expect(await needsLongPow(db, NODE)).toBe(false);
		const info = (over: Partial<InstanceInfo>, at: number) =>
			({ mostroPubkey: NODE, eventId: String(at).padStart(64, '0'), createdAt: at, protocolVersion: 2, protocolVersionRaw: '2', mostroVersion: null, rawTags: {}, pow: 0, powFirstContact: null, ...over }) as InstanceInfo;
		await recordInstanceInfo(db, info({ powFirstContact: LONG_POW_BITS, rawTags: { pow_first_contact: String(LONG_POW_BITS) } }, 1), '{}', 1);
		expect(await needsLongPow(db, NODE)).toBe(true);
		await recordInstanceInfo(db, info({ protocolVersion: 1, protocolVersionRaw: null, pow: 8, powFirstContact: 8 }, 2), '{}', 2);
		expect(await needsLongPow(db, NODE)).toBe(false);
		await recordInstanceInfo(db, info({ pow: 22 }, 3), '{}', 3);
		expect(await needsLongPow(db, NODE)).toBe(true);
	});
});
