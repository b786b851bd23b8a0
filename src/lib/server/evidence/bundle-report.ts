// Text report of an evidence bundle check for the `evidence verify` command: one line per event
// (time, side, verdict, how it was checked, whether the outer signature verifies, text), then every problem naming the event's outer
// id, one line per attachment file, the number of private case notes when the bundle carries
// them, then the overall result — a message found by two keys is
// counted once (by its inner id), as is an event rejected under both. Every field printed comes from the (untrusted) bundle: control,
// line-separator and bidi characters are escaped in each one, so a crafted bundle cannot print
// a line of its own (such as a fake "VERIFIED"). The sentences come from a `say` function (the
// command line passes its own dictionary's, in the language it picked); English by default.
import type { BundleReport } from '../../protocol/evidence-bundle-verify.ts';
import type { FileCheck } from '../../protocol/evidence-bundle-files.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped, never printed raw
export const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The report's sentences; the markers (ok, BAD, sig:…) and the checks' own problems are not translated. */
export type ReportPhrase =
	| 'header'
	| 'problem'
	| 'problem_event'
	| 'problem_file'
	| 'file_ok'
	| 'file_bad_hash'
	| 'file_missing'
	| 'file_unfetched'
	| 'decrypted'
	| 'not_decrypting'
	| 'no_file_key'
	| 'files_checked'
	| 'file_checked'
	| 'verified'
	| 'failed'
	| 'case_notes';

export type SayPhrase = (phrase: ReportPhrase, params: Record<string, string | number>) => string;

export const ENGLISH_REPORT_PHRASES: Readonly<Record<ReportPhrase, string>> = {
	header: 'dispute {dispute} — manifest signed by {signer}',
	problem: 'PROBLEM: {problem}',
	problem_event: 'PROBLEM in event {event}: {problem}',
	problem_file: 'PROBLEM in file {file}: {problem}',
	file_ok: 'file hash ok',
	file_bad_hash: 'file hash BAD',
	file_missing: 'file not in the bundle',
	file_unfetched: 'file never obtained from {host}',
	decrypted: ', decrypted, plaintext sha256 {sha256}',
	not_decrypting: ', does NOT decrypt',
	no_file_key: ', not decrypted (no key opens it)',
	files_checked: ', {checked} of {total} files checked',
	file_checked: ', {checked} of 1 file checked',
	verified: 'VERIFIED: {messages} messages accepted, {rejected} events rejected{files}, all verdicts reproduced.',
	failed: 'FAILED: the bundle does not verify.',
	case_notes: 'case notes: {count} (covered by the manifest signature)'
};

export const sayInEnglish: SayPhrase = (phrase, params) => ENGLISH_REPORT_PHRASES[phrase].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export function formatBundleReport(report: BundleReport, say: SayPhrase = sayInEnglish): string[] {
	const lines: string[] = [];
	lines.push(say('header', { dispute: clean(report.disputeId ?? '?'), signer: clean(report.signer ?? '?') }));
	for (const e of report.events) {
		const at = e.innerAt === null ? '—'.padEnd(20) : new Date(e.innerAt * 1000).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
		const mark = e.problems.length === 0 ? 'ok ' : 'BAD';
		const text = e.text === null ? '' : ` ${clean(e.text.length > 160 ? e.text.slice(0, 160) + '…' : e.text)}`;
		const sig = e.outerSignature === null ? 'sig:-  ' : e.outerSignature ? 'sig:ok ' : 'sig:bad';
		lines.push(`${mark} ${at} ${clean(e.role ?? '-').padEnd(6)} ${clean(e.verdict).padEnd(14)} [${clean(e.checkedWith)}] ${sig} ${clean(e.outerId.slice(0, 16))}${text}`);
	}
	for (const f of report.files) lines.push(fileLine(f, say));
	for (const p of report.problems) lines.push(say('problem', { problem: clean(p) }));
	for (const e of report.events) for (const p of e.problems) lines.push(say('problem_event', { event: clean(e.outerId || `#${e.index}`), problem: clean(p) }));
	for (const f of report.files) for (const p of f.problems) lines.push(say('problem_file', { file: clean(f.sha256), problem: clean(p) }));
	if (report.notes !== null) lines.push(say('case_notes', { count: report.notes }));
	const { messages, rejected } = countDistinct(report);
	const checked = report.files.filter((f) => f.status === 'ok').length;
	const files = report.files.length === 0 ? '' : say(report.files.length === 1 ? 'file_checked' : 'files_checked', { checked, total: report.files.length });
	lines.push(report.ok ? say('verified', { messages, rejected, files }) : say('failed', {}));
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

function fileLine(f: FileCheck, say: SayPhrase): string {
	const mark = f.problems.length > 0 ? 'BAD' : f.status === 'ok' ? 'ok ' : '-- ';
	const state = f.status === 'ok' ? say('file_ok', {}) : f.status === 'bad_hash' ? say('file_bad_hash', {}) : f.status === 'missing' ? say('file_missing', {}) : say('file_unfetched', { host: clean(f.host ?? '?') });
	const decrypted = f.decrypted === 'ok' ? say('decrypted', { sha256: f.plainSha256 ?? '?' }) : f.decrypted === 'failed' ? say('not_decrypting', {}) : f.decrypted === 'no_key' ? say('no_file_key', {}) : '';
	return `${mark} file ${clean(f.sha256.slice(0, 16))} ${clean(f.name.slice(0, 100))}: ${state}${decrypted}`;
}
