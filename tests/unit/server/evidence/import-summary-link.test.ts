// The redirect after a chat-key import (import-summary-link.ts): the summary survives the trip
// through the URL, and a URL with no or a forged summary shows none or only sane values.
import { describe, expect, it } from 'vitest';
import { importSummaryLocation, parseImportSummary } from '../../../../src/lib/server/evidence/import-summary-link.ts';

const outcome = { keyId: 7, kind: 'ecdh_secret' as const, accepted: 12, rejected: 2, ecdhWarning: true, otherSigners: 1, incompleteRelays: ['wss://relay.example', 'ws://127.0.0.1:7777'] };

describe('the import summary link', () => {
	it('points at the evidence page (not ?/import) and reads back the same summary', () => {
		const location = importSummaryLocation('d-1', outcome);
		expect(location).toMatch(/^\/disputes\/d-1\/evidence\?imported=ecdh_secret/);
		expect(location).not.toContain('?/import');
		const { keyId: _keyId, ...summary } = outcome;
		expect(parseImportSummary(new URL(location, 'http://x').searchParams)).toEqual(summary);
	});

	it('shows nothing without a known kind, and drops bad counts and relay values', () => {
		expect(parseImportSummary(new URLSearchParams())).toBeNull();
		expect(parseImportSummary(new URLSearchParams({ imported: 'nsec1forged' }))).toBeNull();
		expect(parseImportSummary(new URLSearchParams('imported=k_conv&accepted=-3&rejected=1.5&incomplete=javascript:alert(1)'))).toEqual({
			kind: 'k_conv',
			accepted: 0,
			rejected: 0,
			ecdhWarning: false,
			otherSigners: 0,
			incompleteRelays: []
		});
	});
});
