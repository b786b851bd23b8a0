// Runs the chat spec's validation order (PROTOCOL.md §5.3 steps 1–13; §5.2 for legacy gift
// wraps) over every event fetched for an evidence key, with the dispute's buyer and seller trade
// keys as the only accepted inner signers and inner-id dedup seeded from the archive (durable).
// Events are taken oldest outer first, so an original always precedes its replays. No flood
// limit (step 6): a transcript is history, and dropping part of it would falsify it. The
// decrypted inner event is kept even for rejections past step 8 (a replay is itself evidence).
import { decryptNip44 } from '../../protocol/nip44.ts';
import { parseEvent, type NostrEvent } from '../../protocol/event.ts';
import { CHAT_REJECT_STEP, unwrapChatMessage } from '../../protocol/chat/unwrap.ts';
import { unwrapLegacyChat, type LegacyChatRejectReason } from '../../protocol/chat/legacy.ts';
import type { DedupStore } from '../../protocol/chat/stores.ts';
import type { FetchedEvent } from './relay-fetch.ts';
import type { KeyMaterial } from './key-material.ts';

export type Role = 'buyer' | 'seller';

export interface ValidatedEvent {
	fetched: FetchedEvent;
	outerId: string;
	outerKind: number;
	outerCreatedAt: number;
	generation: 'current' | 'legacy';
	innerRaw: string | null;
	innerId: string | null;
	innerCreatedAt: number | null;
	signerRole: Role | null;
	/** 'accepted' or the rejection reason of the chat library. */
	verdict: string;
	step: number;
}

export interface TradeParties {
	buyer: string;
	seller: string;
}

const LEGACY_STEP: Record<LegacyChatRejectReason, number> = {
	malformed: 0,
	wrong_kind: 1,
	bad_p_tag: 2,
	bad_outer_sig: 7,
	decrypt_failed: 8,
	bad_inner_sig: 9,
	unknown_signer: 10,
	replay: 12
};

function field(event: unknown, name: 'id' | 'kind' | 'created_at'): unknown {
	return typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[name] : undefined;
}

function roleOf(pubkey: string | undefined, parties: TradeParties): Role | null {
	return pubkey === parties.buyer ? 'buyer' : pubkey === parties.seller ? 'seller' : null;
}

/** The decrypted inner JSON of a kind-14 outer, or null (used to keep rejected inners as evidence). */
function peekInner(outer: unknown, m: KeyMaterial): NostrEvent | null {
	if (!m.view) return null;
	try {
		const content = (outer as { content?: unknown }).content;
		return typeof content === 'string' ? parseEvent(JSON.parse(decryptNip44(content, m.view.conversationKey))) : null;
	} catch {
		return null;
	}
}

export interface ValidateOptions {
	material: KeyMaterial;
	parties: TradeParties;
	now: number;
	/** Inner ids already accepted for this key (from the archive); updated on acceptance. */
	seenInner: DedupStore;
	isSignatureValid?: (event: NostrEvent) => boolean;
}

export function validateEvidenceEvents(candidates: Iterable<FetchedEvent>, o: ValidateOptions): ValidatedEvent[] {
	const allowed = new Set([o.parties.buyer, o.parties.seller]);
	const seenOuter = new Set<string>();
	const sorted = [...candidates].sort((a, b) => {
		const at = Number(field(a.event, 'created_at')) - Number(field(b.event, 'created_at'));
		return Number.isFinite(at) && at !== 0 ? at : a.rawHash < b.rawHash ? -1 : 1;
	});
	const out: ValidatedEvent[] = [];
	for (const fetched of sorted) {
		const id = field(fetched.event, 'id');
		const kind = field(fetched.event, 'kind');
		const created = field(fetched.event, 'created_at');
		const base = {
			fetched,
			outerId: typeof id === 'string' ? id.slice(0, 64) : '',
			outerKind: typeof kind === 'number' ? kind : -1,
			outerCreatedAt: typeof created === 'number' ? created : 0
		};
		if (kind === 1059) {
			if (!o.material.shared) continue;
			const r = unwrapLegacyChat(fetched.event, { shared: o.material.shared, allowedSigners: allowed, seenInner: o.seenInner, isSignatureValid: o.isSignatureValid });
			if (r.ok) {
				const inner = r.inner;
				out.push({ ...base, generation: 'legacy', innerRaw: JSON.stringify(inner), innerId: inner.id, innerCreatedAt: inner.created_at, signerRole: roleOf(inner.pubkey, o.parties), verdict: 'accepted', step: 13 });
			} else out.push({ ...base, generation: 'legacy', innerRaw: null, innerId: null, innerCreatedAt: null, signerRole: null, verdict: r.reason, step: LEGACY_STEP[r.reason] });
			continue;
		}
		if (!o.material.view) continue;
		const r = unwrapChatMessage(fetched.event, {
			channel: o.material.view,
			allowedSigners: allowed,
			now: o.now,
			seenOuter: { has: (x) => seenOuter.has(x), add: (x) => void seenOuter.add(x) },
			seenInner: o.seenInner,
			isSignatureValid: o.isSignatureValid
		});
		if (r.ok) {
			out.push({ ...base, generation: 'current', innerRaw: JSON.stringify(r.inner), innerId: r.inner.id, innerCreatedAt: r.inner.created_at, signerRole: roleOf(r.inner.pubkey, o.parties), verdict: 'accepted', step: 13 });
			continue;
		}
		const inner = r.step >= CHAT_REJECT_STEP.bad_inner_sig ? peekInner(fetched.event, o.material) : null;
		out.push({
			...base,
			generation: 'current',
			innerRaw: inner ? JSON.stringify(inner) : null,
			innerId: inner?.id ?? null,
			innerCreatedAt: inner?.created_at ?? null,
			signerRole: roleOf(inner?.pubkey, o.parties),
			verdict: r.reason,
			step: r.step
		});
	}
	return out;
}

export function countAccepted(events: readonly ValidatedEvent[]): number {
	return events.filter((e) => e.verdict === 'accepted').length;
}
