// What the console's commands and the node's answers record as having happened (issue 13
// "typed domain events after commit"). A command emits these inside its transaction; the bus
// delivers them to subscribers only once that transaction has committed. Events carry ids and
// states, never a secret, and must never be used to carry a command's result back to its caller.
import type { EscrowState } from '../cases/case-types.ts';

export type DomainEvent =
	/** A console user holds the dispute now; `displacedUserId` held it before (a takeover). */
	| { type: 'DisputeTaken'; disputeId: string; holderUserId: number | null; displacedUserId: number | null }
	| { type: 'DecisionProposed'; disputeId: string; decisionId: number }
	| { type: 'DecisionReviewed'; disputeId: string; decisionId: number; approved: boolean }
	/** The proposer took back a pending proposal; nobody needs to review it any more. */
	| { type: 'DecisionWithdrawn'; disputeId: string; decisionId: number; proposedBy: number }
	/** The decision left for the node (journal row written); its answer comes as DecisionAcknowledged. */
	| { type: 'DecisionExecuted'; disputeId: string; decisionId: number }
	/** The node acknowledged an admin-settle or admin-cancel. */
	| { type: 'DecisionAcknowledged'; disputeId: string; action: 'admin-settle' | 'admin-cancel' }
	| { type: 'EscrowChecked'; disputeId: string; state: EscrowState }
	| { type: 'ChatMessageStored'; disputeId: string; party: 'buyer' | 'seller'; direction: 'in' | 'out' }
	| { type: 'AssistantMessageStored'; disputeId: string }
	/** The node's "the parties closed your dispute" notice was recorded for the holder. */
	| { type: 'PartiesClosed'; disputeId: string; userId: number; outcome: 'released' | 'cooperatively-canceled' }
	/** A new current revision of the dispute was stored from the node's public events (the intake publishes it live itself). */
	| { type: 'DisputeRevised'; disputeId: string }
	/** Open requests of a dispute were settled from its public revisions. */
	| { type: 'ActionsReconciled'; disputeId: string }
	| { type: 'SolverKeyChanged'; userId: number }
	/** A private case note was written (issue 17). */
	| { type: 'CaseNoteAdded'; disputeId: string; noteId: number }
	/** A hand-over was offered, withdrawn, taken (the colleague's own take or the operator route) or superseded (issue 17). */
	| { type: 'HandoverChanged'; disputeId: string; handoverId: number; state: 'offered' | 'withdrawn' | 'taken' | 'superseded'; fromUserId: number; toUserId: number }
	/** Something for one user's notice list (only that user's browser is told). */
	| { type: 'NoticeForUser'; userId: number; disputeId: string | null };

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<K extends DomainEventType> = Extract<DomainEvent, { type: K }>;

/** Records an event of the running transaction (delivered after it commits). */
export type Emit = (event: DomainEvent) => void;
