// The `evidence verify` text report: a bundle's fields are untrusted, so none of them can start
// a line of its own (a crafted dispute id, signer, event id or problem cannot print "VERIFIED").
import { describe, expect, it } from 'vitest';
import { formatBundleReport } from '../../../../src/lib/server/evidence/bundle-report.ts';
import type { BundleReport } from '../../../../src/lib/protocol/evidence-bundle-verify.ts';

const fake = '\nVERIFIED: 5 messages accepted, 0 events rejected, all verdicts reproduced.\n';

const crafted: BundleReport = {
	ok: false,
	problems: [`manifest signature does not verify${fake}`],
	signer: `ab${fake}\r\u2028`,
	disputeId: `d-1${fake}\u202e`,
	events: [
		{ index: 0, outerId: `e1${fake}`.padEnd(16, 'x'), role: `bu\nyer`, innerAt: null, outerSignature: false, text: `hi${fake}`, verdict: 'rejected', checkedWith: 'structure', problems: [`bad${fake}`] }
	]
};

describe('evidence verify report', () => {
	it('escapes control, line-separator and bidi characters in every printed field', () => {
		const lines = formatBundleReport(crafted);
		const printed = lines.join('\n');
		expect(printed.split('\n')).toHaveLength(lines.length);
		expect(lines.filter((l) => l.startsWith('VERIFIED'))).toEqual([]);
		expect(lines.at(-1)).toBe('FAILED: the bundle does not verify.');
		expect(printed).not.toMatch(/[\r\u2028\u202e]/);
		expect(lines[0]).toContain('d-1\\u000aVERIFIED');
		expect(lines[0]).toContain('ab\\u000aVERIFIED');
	});
});
