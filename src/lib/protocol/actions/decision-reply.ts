// What the node's answer to `admin-settle` / `admin-cancel` means for the money (MOSTROD.md
// §3.2–§3.3, table T10): `admin-settled` paid the buyer, `admin-canceled` refunded the seller,
// `cooperative-cancel-accepted` means the parties had already agreed to cancel (nothing was
// settled; the seller got the escrow back), a CantDo is a refusal. Pure; never guesses an
// outcome from an action it does not know ('unexpected').
import type { Message } from '../message.ts';

export type DecisionResult = 'settled' | 'canceled' | 'cooperatively-canceled' | 'refused' | 'unexpected';

/** The outcome an answer's action stands for. */
export function decisionResultOfAction(action: string | null | undefined): DecisionResult {
	switch (action) {
		case 'admin-settled':
			return 'settled';
		case 'admin-canceled':
			return 'canceled';
		case 'cooperative-cancel-accepted':
			return 'cooperatively-canceled';
		case 'cant-do':
			return 'refused';
		default:
			return 'unexpected';
	}
}

export function decisionResultOf(reply: Message): DecisionResult {
	return reply.variant === 'cant-do' ? 'refused' : decisionResultOfAction(reply.kind.action);
}
