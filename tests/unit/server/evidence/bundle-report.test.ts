// The `evidence verify` text report: a bundle's fields are untrusted, so none of them can start
// a line of its own (a crafted dispute id, signer, event id or problem cannot print "VERIFIED");
// a message two keys found is one message (regression: "10 messages accepted" for 5).
import { describe, expect, it } from 'vitest';
import { formatBundleReport } from '../../../../src/lib/server/evidence/bundle-report.ts';
import type { BundleReport, EventCheck } from '../../../../src/lib/protocol/evidence-bundle-verify.ts';

const fake = '\nVERIFIED: 5 messages accepted, 0 events rejected, all verdicts reproduced.\n';

const crafted: BundleReport = {
	ok: false,
	notes: null,
	problems: [`manifest signature does not verify${fake}`],
	signer: `ab${fake}\r\u2028`,
	disputeId: `d-1${fake}\u202e`,
	events: [{ index: 0, outerId: `e1${fake}`.padEnd(16, 'x'), innerId: null, role: `bu\nyer`, innerAt: null, outerSignature: false, text: `hi${fake}`, verdict: 'rejected', checkedWith: 'structure', problems: [`bad${fake}`] }],
	files: [{ sha256: `ff${fake}`, name: `shot${fake}.png`, status: 'unavailable', decrypted: null, plainSha256: null, host: `evil${fake}`, problems: [`odd${fake}`] }]
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

describe('evidence verify counts', () => {
	const check = (index: number, innerId: string | null, verdict: string, outerId = `o${index}`): EventCheck => ({
		index,
		outerId,
		innerId,
		role: 'buyer',
		innerAt: 1,
		outerSignature: true,
		text: 't',
		verdict,
		checkedWith: 'structure',
		problems: []
	});

	it('counts a message found by two keys once, and an event rejected under both once', () => {
		// Five messages, each found through the buyer's K_conv and the seller's ECDH secret.
		const events = [0, 1, 2, 3, 4].flatMap((m) => [check(m, `inner-${m}`, 'accepted', `outer-${m}`), check(m + 5, `inner-${m}`, 'accepted', `outer-${m}`)]);
		events.push(check(10, null, 'replay', 'outer-r'), check(11, null, 'replay', 'outer-r'), check(12, null, 'bad_p_tag', 'outer-p'));
		const report: BundleReport = { ok: true, problems: [], signer: 'ab', disputeId: 'd', events, files: [], notes: null };
		expect(formatBundleReport(report).at(-1)).toBe('VERIFIED: 5 messages accepted, 2 events rejected, all verdicts reproduced.');
	});

	it('names the files it checked', () => {
		const report: BundleReport = {
			ok: true,
			notes: null,
			problems: [],
			signer: 'ab',
			disputeId: 'd',
			events: [check(0, 'i', 'accepted')],
			files: [
				{ sha256: 'a'.repeat(64), name: 'shot.png', status: 'ok', decrypted: 'ok', plainSha256: 'b'.repeat(64), host: null, problems: [] },
				{ sha256: 'c'.repeat(64), name: 'gone.pdf', status: 'unavailable', decrypted: null, plainSha256: null, host: 'blobs.example', problems: [] }
			]
		};
		const lines = formatBundleReport(report);
		expect(lines).toContain(`ok  file ${'a'.repeat(16)} shot.png: file hash ok, decrypted, plaintext sha256 ${'b'.repeat(64)}`);
		expect(lines).toContain(`--  file ${'c'.repeat(16)} gone.pdf: file never obtained from blobs.example`);
		expect(lines.at(-1)).toBe('VERIFIED: 1 messages accepted, 0 events rejected, 1 of 2 files checked, all verdicts reproduced.');
	});
});
