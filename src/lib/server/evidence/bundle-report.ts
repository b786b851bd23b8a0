// Text report of an evidence bundle check for the `evidence verify` command: one line per event
// (time, side, verdict, how it was checked, whether the outer signature verifies, text), then every problem naming the event's outer
// id, one line per attachment file, the number of private case notes when the bundle carries
// them, then the overall result — a message found by two keys is
// counted once (by its inner id), as is an event rejected under both. Every field printed comes from the (untrusted) bundle: control,
// line-separator and bidi characters are escaped in each one, so a crafted bundle cannot print
// a line of its own (such as a fake "VERIFIED").
import type { BundleReport } from '../../protocol/evidence-bundle-verify.ts';
import type { FileCheck } from '../../protocol/evidence-bundle-files.ts';

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
	for (const f of report.files) lines.push(fileLine(f));
	for (const p of report.problems) lines.push(`PROBLEM: ${clean(p)}`);
	for (const e of report.events) for (const p of e.problems) lines.push(`PROBLEM in event ${clean(e.outerId || `#${e.index}`)}: ${clean(p)}`);
	for (const f of report.files) for (const p of f.problems) lines.push(`PROBLEM in file ${clean(f.sha256)}: ${clean(p)}`);
	if (report.notes !== null) lines.push(`case notes: ${report.notes} (covered by the manifest signature)`);
	const { messages, rejected } = countDistinct(report);
	const checked = report.files.filter((f) => f.status === 'ok').length;
	const files = report.files.length === 0 ? '' : `, ${checked} of ${report.files.length} ${report.files.length === 1 ? 'file' : 'files'} checked`;
	lines.push(report.ok ? `VERIFIED: ${messages} messages accepted, ${rejected} events rejected${files}, all verdicts reproduced.` : 'FAILED: the bundle does not verify.');
	return lines;
}

/** Messages by inner id and rejections by outer id and verdict: two keys finding one thing count it once. */
export function countDistinct(report: BundleReport): { messages: number; rejected: number } {
	const messages = new Set<string>();
	const rejected = new Set<string>();
	for (const e of report.events) {
		if (e.verdict === 'accepted') messages.add(e.innerId ?? `#${e.index}`);
		else rejected.add(e.outerId ? `${e.outerId}:${e.verdict}` : `#${e.index}`);
	}
	return { messages: messages.size, rejected: rejected.size };
}

function fileLine(f: FileCheck): string {
	const mark = f.problems.length > 0 ? 'BAD' : f.status === 'ok' ? 'ok ' : '-- ';
	const state = f.status === 'ok' ? 'file hash ok' : f.status === 'bad_hash' ? 'file hash BAD' : f.status === 'missing' ? 'file not in the bundle' : `file never obtained from ${clean(f.host ?? '?')}`;
	const decrypted = f.decrypted === 'ok' ? `, decrypted, plaintext sha256 ${f.plainSha256 ?? '?'}` : f.decrypted === 'failed' ? ', does NOT decrypt' : f.decrypted === 'no_key' ? ', not decrypted (no key opens it)' : '';
	return `${mark} file ${clean(f.sha256.slice(0, 16))} ${clean(f.name.slice(0, 100))}: ${state}${decrypted}`;
}
