// Whether a hand-over can go the solver route (issue 17; MOSTROD.md §2.2): the colleague takes
// the case with their own solver key, which the daemon allows only for a read-write solver taking
// over from a read-only one. Every other case goes the operator route: only the node's own key
// may take over from anyone. Pure: the take verdict comes from the take rules (take-rules.ts).
import type { TakeVerdict } from '../mostro/actions/take-rules.ts';

/** Why the daemon would refuse the colleague's own take (CantDo invalid_pubkey on the wire). */
export type HandoverRefusal = 'no_solver_key' | 'not_registered' | 'read_over_anyone' | 'rw_over_rw' | 'held_by_node_key';

export type HandoverRoute = { route: 'solver' } | { route: 'operator'; refusal: HandoverRefusal };

export const HANDOVER_REFUSALS: readonly HandoverRefusal[] = ['no_solver_key', 'not_registered', 'read_over_anyone', 'rw_over_rw', 'held_by_node_key'];

export function parseHandoverRefusal(value: unknown): HandoverRefusal | null {
	return HANDOVER_REFUSALS.find((reason) => reason === value) ?? null;
}

/**
 * The route of a hand-over from the colleague's take verdict on the case as it stands (held by
 * the one handing it over). Null when the case cannot be handed over at all (closed).
 */
export function handoverRouteOf(colleagueVerdict: TakeVerdict): HandoverRoute | null {
	if (colleagueVerdict.allowed) return colleagueVerdict.kind === 'takeover' ? { route: 'solver' } : null;
	if (colleagueVerdict.reason === 'closed') return null;
	return { route: 'operator', refusal: colleagueVerdict.reason };
}
