// The v0.19 unsolicited notice to a dispute's holder (UPSTREAM-0.19.md §6): recognised from the
// wire form, never confused with a reply or with the parties' null-payload copies.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../../src/lib/protocol/message-parse.ts';
import { readPartiesClosedNotice } from '../../../../src/lib/protocol/actions/parties-closed-notice.ts';

const ORDER = 'a1b2c3d4-0000-4000-8000-000000000001';
const DISPUTE = 'a1b2c3d4-0000-4000-8000-000000000002';

function wire(action: string, requestId: number | null, payload: unknown) {
	return parseMessage({ order: { version: 2, request_id: requestId, trade_index: null, id: ORDER, action, payload } });
}

describe('readPartiesClosedNotice', () => {
	it('reads the seller-release notice', () => {
		expect(readPartiesClosedNotice(wire('released', null, { dispute: [DISPUTE, null] }))).toEqual({ action: 'released', outcome: 'released', disputeId: DISPUTE, orderId: ORDER });
	});
	it('reads the cooperative-cancel notice', () => {
		expect(readPartiesClosedNotice(wire('cooperative-cancel-accepted', null, { dispute: [DISPUTE, null] }))).toMatchObject({ outcome: 'cooperatively-canceled', disputeId: DISPUTE });
	});
	it('is never a reply: a request_id makes it something else', () => {
		expect(readPartiesClosedNotice(wire('cooperative-cancel-accepted', 7, { dispute: [DISPUTE, null] }))).toBeNull();
	});
	it("ignores the parties' copies (null payload) and other actions", () => {
		expect(readPartiesClosedNotice(wire('released', null, null))).toBeNull();
		expect(readPartiesClosedNotice(wire('dispute-initiated-by-peer', null, { dispute: [DISPUTE, null] }))).toBeNull();
	});
});
