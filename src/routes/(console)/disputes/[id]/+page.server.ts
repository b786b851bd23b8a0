import { error } from '@sveltejs/kit';
import { explainSilence } from '$lib/server/mostro/instance-info-repository';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { loadCasePage } from '$lib/server/mostro/case-view';
import { loadCaseAssistant } from '$lib/server/cases/assistant-view';
import { needsLongPow } from '$lib/server/mostro/pow-notice';
import { executeTake } from '$lib/server/mostro/actions/take-dispute';
import { isRefusal } from '$lib/server/errors';
import { toFailure } from '$lib/server/form-failure';
import { describeCantDo } from '$lib/protocol/cant-do';
import { loadChat } from '$lib/server/mostro/dispute-chat/chat-view';
import { sendChatFile } from '$lib/server/mostro/dispute-chat/attachment-files';
import { uploadUrlOf } from '$lib/server/mostro/dispute-chat/blob-policy';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { can } from '$lib/access/access-rules';
import { formFields } from '$lib/server/form-failure';
import { fail } from '@sveltejs/kit';
import { decide, reviewDecision } from '$lib/server/mostro/actions/decide';
import { parseDecisionInput } from '$lib/server/mostro/actions/decision-rules';
import { parseDecisionId, parseDecisionReview } from '$lib/server/mostro/actions/review-input';
import { withdrawDecision } from '$lib/server/mostro/actions/withdraw-proposal';
import { parseChatParty, parseChatText, sendChatText } from '$lib/server/mostro/dispute-chat/chat-send';
import { parseResendInput, resendChatMessage } from '$lib/server/mostro/dispute-chat/chat-resend';
import { decisionResultOf } from '$lib/protocol/actions/decision-reply';
import type { SendOutcome } from '$lib/server/mostro/node-messenger';
import { loadEscrowView } from '$lib/server/lightning/escrow-view';
import { loadEvidenceSummary } from '$lib/server/evidence/evidence-summary';
import { listMessageTemplates } from '$lib/server/templates/template-store';
import { loadCaseTeam } from '$lib/server/case-notes/case-team-view';
import { addCaseNote, parseCaseNoteInput } from '$lib/server/case-notes/case-notes';
import { offerHandover, parseHandoverInput, withdrawHandover } from '$lib/server/case-notes/handovers';
import { parseOperatorTakeoverInput, takeOverWithNodeKey } from '$lib/server/case-notes/operator-takeover';

/** The case (see CaseView): dispute, revisions, info without preimage, order facts, journal, take verdict; the evidence summary; notes and hand-overs. */
export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('app:disputes');
	const user = requireUser(locals);
	const actor = requireActor(locals);
	try {
		const runtime = getRuntime();
		const { view, decision } = await loadCasePage(runtime, actor, params.id);
		return {
			view,
			chat: await loadChat(runtime, params.id, user.id, view.dispute.holderUserId),
			decision,
			escrow: await loadEscrowView(runtime.escrow, params.id),
			evidence: await loadEvidenceSummary(runtime.db, params.id),
			assistant: await loadCaseAssistant(runtime.db, runtime.engine.nodePubkey, params.id),
			team: await loadCaseTeam(runtime, actor, params.id, view.dispute.holderUserId),
			canMediate: can(user.role, 'mediate'),
			isHolder: view.dispute.holderUserId === user.id,
			longPow: await needsLongPow(runtime.db, runtime.engine.nodePubkey),
			templates: await listMessageTemplates(runtime.db)
		};
	} catch (err) {
		if (isRefusal(err) && err.code === 'not_found') error(404, { message: translate(locals.locale, 'case.not_found') });
		throw err;
	}
};

/** What the form shows after a settle or cancel: the true outcome of the node's answer (MOSTROD.md §3.2 T10). */
function decidedOf(outcome: SendOutcome, locale: App.Locals['locale']): { decided: string; reason: string | null } {
	if (outcome.state === 'refused') return { decided: 'refused', reason: describeCantDo(outcome.reason, locale) };
	if (outcome.state !== 'acknowledged') return { decided: outcome.state, reason: null };
	const result = decisionResultOf(outcome.reply);
	return result === 'unexpected' ? { decided: 'unexpected', reason: outcome.reply.kind.action } : { decided: result, reason: null };
}

export const actions: Actions = {
	take: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			const runtime = getRuntime();
			const outcome = await executeTake(runtime, actor, params.id, { confirmedTakeover: data.get('confirm') === 'on' });
			const silence = outcome.state === 'no-answer' ? await explainSilence(runtime.db, runtime.engine.nodePubkey, outcome.transport) : null;
			return { take: outcome.state, reason: outcome.state === 'refused' ? describeCantDo(outcome.reason, locals.locale) : null, silence };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	decide: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		const parsed = parseDecisionInput(formFields(data));
		if (!parsed.ok) return fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, `decision.error.${parsed.field}`), field: parsed.field } });
		try {
			const result = await decide(getRuntime(), actor, params.id, parsed.input);
			return result.kind === 'proposed' ? { decided: 'proposed' } : decidedOf(result.outcome, locals.locale);
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	review: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			const result = await reviewDecision(getRuntime(), actor, params.id, parseDecisionReview(formFields(data)));
			return result.kind === 'rejected' ? { decided: 'rejected' } : decidedOf(result.outcome, locals.locale);
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	withdraw: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			await withdrawDecision(getRuntime(), actor, params.id, { decisionId: parseDecisionId(data.get('decisionId')) });
			return { decided: 'withdrawn' };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	note: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			await addCaseNote(getRuntime(), actor, params.id, parseCaseNoteInput(formFields(data)));
			return { noted: true };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	handover: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			const handover = await offerHandover(getRuntime(), actor, params.id, parseHandoverInput(formFields(data)));
			return { handedOver: handover.toName };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	withdrawHandover: async ({ locals, params }) => {
		const actor = requireActor(locals, 'mediate');
		try {
			await withdrawHandover(getRuntime(), actor, params.id);
			return { handoverWithdrawn: true };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	operatorTakeover: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'manage_solvers');
		const data = await request.formData();
		try {
			const outcome = await takeOverWithNodeKey(getRuntime(), actor, params.id, parseOperatorTakeoverInput(formFields(data)));
			return { operatorTakeover: outcome.state, reason: outcome.state === 'refused' ? describeCantDo(outcome.reason, locals.locale) : null };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	send: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			const input = parseChatText(formFields(data));
			await sendChatText(getRuntime(), actor, params.id, input);
			return { sent: input.party };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	resend: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		try {
			const { messageId } = parseResendInput(formFields(data));
			const { receipts } = await resendChatMessage(getRuntime(), actor, params.id, messageId);
			return { resent: messageId, accepted: receipts.filter((r) => r.accepted).length };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	},
	sendFile: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		const file = data.get('file');
		if (!(file instanceof File)) return fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, 'chat.error.file'), field: 'file' } });
		try {
			const runtime = getRuntime();
			const party = parseChatParty(formFields(data));
			await sendChatFile(runtime, actor, params.id, { party, file: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, type: file.type }, uploadUrl: uploadUrlOf(runtime.config) });
			return { sent: party };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	}
};
