// The daemon's take rules (MOSTROD.md §2.2) applied before sending, from what the console
// knows: who holds the dispute here, and each solver key's registered permission. The node
// remains the judge; this only spares the user a refusal and asks before a takeover.
export type TakeVerdict =
	| { allowed: true; kind: 'take' | 'retake' | 'takeover'; needsConfirmation: boolean; previousHolder: { userId: number; name: string } | null }
	| { allowed: false; reason: 'no_solver_key' | 'not_registered' | 'closed' | 'read_over_anyone' | 'rw_over_rw' | 'held_by_node_key' };

export interface TakeFacts {
	status: string;
	myUserId: number;
	myPermission: 'read' | 'read-write' | null;
	hasKey: boolean;
	holder: { userId: number; name: string; permission: 'read' | 'read-write' | null } | null;
	/** The node records its own key as the solver (a hand-over's operator route): no solver key may take it from there, not even a re-take. */
	heldByNodeKey?: boolean;
}

export function judgeTake(facts: TakeFacts): TakeVerdict {
	if (!facts.hasKey) return { allowed: false, reason: 'no_solver_key' };
	if (!facts.myPermission) return { allowed: false, reason: 'not_registered' };
	if (facts.status === 'initiated') return { allowed: true, kind: 'take', needsConfirmation: false, previousHolder: null };
	if (facts.status !== 'in-progress') return { allowed: false, reason: 'closed' };
	if (facts.heldByNodeKey) return { allowed: false, reason: 'held_by_node_key' };
	if (facts.holder?.userId === facts.myUserId) return { allowed: true, kind: 'retake', needsConfirmation: false, previousHolder: null };
	if (facts.myPermission === 'read') return { allowed: false, reason: 'read_over_anyone' };
	if (facts.holder && facts.holder.permission !== 'read') return { allowed: false, reason: 'rw_over_rw' };
	// A read-only colleague, or a holder outside this console (the node decides): ask first.
	return { allowed: true, kind: 'takeover', needsConfirmation: true, previousHolder: facts.holder ? { userId: facts.holder.userId, name: facts.holder.name } : null };
}
