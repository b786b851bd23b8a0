// Text report of an evidence bundle check for the `evidence verify` command: one line per event
// (time, side, verdict, how it was checked, whether the outer signature verifies, text), then every problem naming the event's outer
// id, then the overall result. Every field printed comes from the (untrusted) bundle: control,
// line-separator and bidi characters are escaped in each one, so a crafted bundle cannot print
// a line of its own (such as a fake "VERIFIED").
import type { BundleReport } from '../../protocol/evidence-bundle-verify.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped, never printed raw
export const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatBundleReport(report: BundleReport): string[] {
	const lines: string[] = [];
	lines.push(`dispute ${clean(report.disputeId ?? '?')} — manifest signed by ${clean(report.signer ?? '?')}`);
	for (const e of report.events) {
		const at = e.innerAt === null ? '—'.padEnd(20) : new Date(e.innerAt * 1000).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
		const mark = e.problems.length === 0 ? 'ok ' : 'BAD';
		const text = e.text === null ? '' : ` ${clean(e.text.length > 160 ? e.text.slice(0, 160) + '…' : e.text)}`;
		const sig = e.outerSignature === null ? 'sig:-  ' : e.outerSignature ? 'sig:ok ' : 'sig:bad';
		lines.push(`${mark} ${at} ${clean(e.role ?? '-').padEnd(6)} ${clean(e.verdict).padEnd(14)} [${clean(e.checkedWith)}] ${sig} ${clean(e.outerId.slice(0, 16))}${text}`);
	}
	for (const p of report.problems) lines.push(`PROBLEM: ${clean(p)}`);
	for (const e of report.events) for (const p of e.problems) lines.push(`PROBLEM in event ${clean(e.outerId || `#${e.index}`)}: ${clean(p)}`);
	const accepted = report.events.filter((e) => e.verdict === 'accepted').length;
	lines.push(report.ok ? `VERIFIED: ${accepted} messages accepted, ${report.events.length - accepted} events rejected, all verdicts reproduced.` : 'FAILED: the bundle does not verify.');
	return lines;
}
