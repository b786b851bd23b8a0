// Turns committed domain events into live messages (topics and payloads of `$lib/live-topics`):
// a dispute change for every stream, a notice only for the user it is addressed to. Runs only
// as a domain event subscriber (after the commit), so a browser that reloads on a message
// always reads the committed change. Must never publish a secret.
import type { DomainEventBus } from '../domain-events/bus.ts';
import type { LiveHub } from './hub.ts';

export function followForLiveHub(events: DomainEventBus, live: LiveHub): void {
	events.on('DisputeTaken', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'taken' }));
	events.on('DecisionProposed', ({ disputeId }) => {
		live.publish('dispute', { id: disputeId, change: 'proposed' });
		live.publish('review', { disputeId, change: 'proposed' });
	});
	events.on('DecisionReviewed', ({ disputeId, approved }) => {
		if (!approved) live.publish('dispute', { id: disputeId, change: 'proposal-rejected' });
		live.publish('review', { disputeId, change: approved ? 'approved' : 'rejected' });
	});
	events.on('DecisionWithdrawn', ({ disputeId }) => {
		live.publish('dispute', { id: disputeId, change: 'proposal-withdrawn' });
		live.publish('review', { disputeId, change: 'withdrawn' });
	});
	events.on('DecisionExecuted', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'decision-sent' }));
	events.on('DecisionAcknowledged', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'decided' }));
	events.on('EscrowChecked', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'escrow-checked' }));
	events.on('PartiesClosed', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'closed-by-parties' }));
	events.on('ActionsReconciled', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'reconciled' }));
	events.on('AssistantMessageStored', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'assistant' }));
	events.on('CaseNoteAdded', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'note' }));
	events.on('HandoverChanged', ({ disputeId }) => void live.publish('dispute', { id: disputeId, change: 'handover' }));
	events.on('ChatMessageStored', ({ disputeId, party, direction }) => void live.publish('chat', { disputeId, party, direction }));
	events.on('NoticeForUser', ({ userId, disputeId }) => void live.publishTo(userId, 'notice', { disputeId }));
}
