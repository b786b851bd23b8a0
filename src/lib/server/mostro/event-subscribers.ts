// The one place where the server's parts follow committed domain events (issue 13): the live
// hub (browser streams), the messenger's recipient list, chat channels, escrow re-checks,
// linked orders, reconciliation, webhooks and notifications. A new feature subscribes here with one `events.on(...)`
// line. Subscribers run after the commit and their failures are only logged (see the bus);
// they must never be called from inside a transaction.
import type { MostroServices } from './services.ts';
import type { DomainEvent } from '../domain-events/events.ts';
import { followForLiveHub } from '../live/live-subscriber.ts';
import { refreshEscrow } from '../lightning/escrow.ts';
import { reconcileOpenActions } from './reconcile.ts';
import { recheckEscrowAfterClose } from '../lightning/escrow-after-close.ts';
import { followForNotifications } from '../notifications/notification-subscribers.ts';

export function followDomainEvents(services: MostroServices): void {
	const { events } = services;
	followForLiveHub(events, services.live);
	const recheckEscrow = ({ disputeId }: { disputeId: string }) => refreshEscrow(services.escrow, disputeId).then(() => undefined);

	events.on('SolverKeyChanged', () => services.messenger.refreshRecipients());
	events.on('DisputeTaken', () => services.engine.refreshLinkedOrders());
	events.on('DisputeTaken', () => services.chat.refresh());
	events.on('DisputeTaken', recheckEscrow);
	events.on('DecisionAcknowledged', recheckEscrow);
	events.on('ActionsReconciled', recheckEscrow);
	const reconcile = ({ disputeId }: { disputeId: string }) => reconcileOpenActions(services, disputeId).then(() => undefined);
	events.on('DisputeRevised', reconcile);
	events.on('PartiesClosed', reconcile);
	// A close the parties made gets no reply of ours: the stored check would keep saying "held".
	const recheckClosed = ({ disputeId }: { disputeId: string }) => recheckEscrowAfterClose(services.escrow, disputeId).then(() => undefined);
	events.on('DisputeRevised', recheckClosed);
	events.on('PartiesClosed', recheckClosed);
	// Webhooks: each committed fact an endpoint may have chosen is queued, then sent.
	const webhook = (event: DomainEvent) => services.webhooks.follow(event);
	events.on('DisputeRevised', webhook);
	events.on('ChatMessageStored', webhook);
	events.on('DecisionProposed', webhook);
	events.on('DisputeTaken', webhook);
	events.on('PartiesClosed', webhook);
	events.on('DecisionAcknowledged', webhook);
	followForNotifications(events, services.db, services.notifier);
}
