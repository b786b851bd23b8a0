// The soak benchmark's end-of-run checks (issue 15, "Soak"): each invariant is counted from the
// console's database (read-only), the sandbox's own records (what the node published, what each
// party sent) and the node double's state, and comes back as one line with its numbers and a
// pass/fail. Pure reading: must never repair what it finds, nor soften a check to make it pass.
import type { ScenarioResult } from '../../sim/traders/index.ts';
import type { MostrodDouble } from '../../sim/mostrod/index.ts';
import type { DisputeRecord } from '../../sim/sandbox/sandbox-state.ts';
import type { ConsoleDb } from './console-db.ts';

export type Check = { name: string; ok: boolean; detail: string };

export type RunFacts = {
	published: DisputeRecord[];
	scenarios: ScenarioResult[];
	node: MostrodDouble;
	archive: { total: number; served: number; missing: string[] };
	audit: { ok: boolean; verdict: string };
	rss: { warmup: number | null; end: number | null };
	/** Whether the sandbox's relay holds this event (read from its database). */
	relayHas(id: string): boolean;
};

const list = (xs: string[], n = 5) => (xs.length > n ? `${xs.slice(0, n).join(', ')}, …` : xs.join(', '));

export function disputesSeen(db: ConsoleDb, f: RunFacts): Check {
	const seen = new Set(db.all<{ id: string }>('SELECT id FROM disputes').map((r) => r.id));
	const missing = f.published.filter((d) => !seen.has(d.disputeId)).map((d) => d.disputeId.slice(0, 8));
	return { name: 'disputes seen = disputes published', ok: missing.length === 0, detail: `${f.published.length - missing.length} / ${f.published.length}${missing.length ? ` (missing ${list(missing)})` : ''}` };
}

/**
 * Per party: the messages its responder published that the relay holds — those the relay
 * confirmed, plus those it stored without the confirmation reaching the trader in time — against
 * the console's stored messages of that party (by outer event id); and no inner or outer event twice.
 */
export function messagesOnce(db: ConsoleDb, f: RunFacts): Check {
	let sent = 0;
	let stored = 0;
	let unconfirmedHeld = 0;
	const off: string[] = [];
	for (const r of f.scenarios) {
		for (const party of ['buyer', 'seller'] as const) {
			const responder = r[party].responder;
			const late = responder.unconfirmed.filter((id) => f.relayHas(id));
			unconfirmedHeld += late.length;
			const expected = new Set([...responder.sent.map((m) => m.outerId), ...late]);
			const got = new Set(db.all<{ outer_id: string }>("SELECT outer_id FROM chat_messages WHERE dispute_id = ? AND party = ? AND direction = 'in'", r.disputeId, party).map((m) => m.outer_id));
			sent += expected.size;
			stored += got.size;
			const missing = [...expected].filter((id) => !got.has(id)).length;
			const extra = [...got].filter((id) => !expected.has(id)).length;
			if (missing || extra) off.push(`${r.disputeId.slice(0, 8)}/${party} ${got.size}≠${expected.size}${missing ? ` (${missing} missing)` : ''}${extra ? ` (${extra} not sent by it)` : ''}`);
		}
	}
	const dupInner = db.one<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM chat_messages GROUP BY dispute_id, party, inner_id HAVING count(*) > 1)')?.n ?? 0;
	const dupOuter = db.one<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM chat_messages GROUP BY outer_id HAVING count(*) > 1)')?.n ?? 0;
	const ok = off.length === 0 && dupInner === 0 && dupOuter === 0;
	return {
		name: 'every party message stored exactly once',
		ok,
		detail: `${stored} stored / ${sent} on the relay (${unconfirmedHeld} of them unconfirmed to their trader); duplicates inner ${dupInner}, outer ${dupOuter}${off.length ? `; off: ${list(off)}` : ''}`
	};
}

/**
 * False rejections: a rejection row for an event that was also accepted, or any rejection on a
 * dispute whose parties are honest (the scammer-seller script publishes real replays on purpose).
 */
export function noFalseRejections(db: ConsoleDb, f: RunFacts): Check {
	const scammer = new Set(f.published.filter((d) => d.scenario === 'scammer-seller').map((d) => d.disputeId));
	const rows = db.all<{ dispute_id: string; reason: string; accepted: number }>('SELECT r.dispute_id, r.reason, EXISTS (SELECT 1 FROM chat_messages m WHERE m.outer_id = r.outer_id) AS accepted FROM chat_rejections r');
	const falseOnes = rows.filter((r) => r.accepted || !scammer.has(r.dispute_id));
	const reasons = [...new Set(falseOnes.map((r) => r.reason))];
	return { name: 'zero false rejections', ok: falseOnes.length === 0, detail: `${falseOnes.length} false${reasons.length ? ` (${reasons.join(', ')})` : ''}; ${rows.length - falseOnes.length} genuine (scammer replays)` };
}

/** Each executed decision: one admin-settle/cancel in the journal, answered or reconciled, and the node's dispute closed that way. */
export function decisionsOnce(db: ConsoleDb, f: RunFacts): Check {
	const decided = db.all<{ dispute_id: string; order_id: string; outcome: string; request_id: number | null }>("SELECT dispute_id, order_id, outcome, request_id FROM decisions WHERE state = 'executed'");
	const stuck = db.all<{ dispute_id: string; state: string }>("SELECT dispute_id, state FROM decisions WHERE state IN ('approved', 'failed')");
	const bad: string[] = [];
	for (const d of decided) {
		const action = d.outcome === 'settle' ? 'admin-settle' : 'admin-cancel';
		const sends = db.all<{ state: string }>('SELECT state FROM action_journal WHERE dispute_id = ? AND action = ?', d.dispute_id, action);
		const closed = f.node.dispute(d.dispute_id)?.status;
		const want = d.outcome === 'settle' ? ['settled', 'released'] : ['seller-refunded', 'canceled'];
		if (sends.length !== 1) bad.push(`${d.dispute_id.slice(0, 8)} sent ${sends.length}×`);
		else if (!['acknowledged', 'reconciled'].includes(sends[0]?.state ?? '')) bad.push(`${d.dispute_id.slice(0, 8)} ${sends[0]?.state}`);
		if (!want.includes(closed ?? '')) bad.push(`${d.dispute_id.slice(0, 8)} node says ${closed}`);
	}
	const doubled = db.one<{ n: number }>("SELECT count(*) AS n FROM (SELECT dispute_id FROM decisions WHERE state = 'executed' GROUP BY dispute_id HAVING count(*) > 1)")?.n ?? 0;
	if (doubled) bad.push(`${doubled} disputes with two executed decisions`);
	for (const s of stuck) bad.push(`${s.dispute_id.slice(0, 8)} left ${s.state}`);
	return { name: 'every decision sent exactly once and reconciled', ok: bad.length === 0 && decided.length > 0, detail: `${decided.length} executed${bad.length ? `; ${list(bad)}` : ''}` };
}

export function attachmentsArchived(f: RunFacts): Check {
	const a = f.archive;
	return {
		name: 'every attachment served from the archive',
		ok: a.missing.length === 0 && a.total > 0,
		detail: `${a.served} / ${a.total} with the blob host stopped${a.missing.length ? ` (missing ${list(a.missing.map((h) => h.slice(0, 12)))})` : ''}`
	};
}

export function auditVerifies(f: RunFacts): Check {
	return { name: 'audit verify OK', ok: f.audit.ok, detail: f.audit.ok ? f.audit.verdict.slice(0, 120) : f.audit.verdict };
}

export function memoryBounded(f: RunFacts): Check {
	const { warmup, end } = f.rss;
	const mb = (b: number | null) => (b === null ? '?' : `${(b / 2 ** 20).toFixed(0)} MiB`);
	const ok = warmup !== null && end !== null && end <= 1.5 * warmup;
	return { name: 'RSS at the end ≤ 1.5 × after warm-up', ok, detail: `${mb(end)} vs ${mb(warmup)}${warmup && end ? ` (×${(end / warmup).toFixed(2)})` : ''}` };
}

export function allChecks(db: ConsoleDb, f: RunFacts): Check[] {
	return [disputesSeen(db, f), messagesOnce(db, f), noFalseRejections(db, f), decisionsOnce(db, f), attachmentsArchived(f), auditVerifies(f), memoryBounded(f)];
}
