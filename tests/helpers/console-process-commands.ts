// What a restart test may ask the console child process to do over IPC (console-process.ts
// `run`): the commands a mediator's clicks end in, called the way the routes call them, as a
// user of the child's own database. Each answers a plain, serializable value; a refusal comes
// back as its message key. Runs inside the child only (console-process-entry.ts).
import type { Runtime } from '../../src/lib/server/runtime.ts';
import { personActor, type PersonActor } from '../../src/lib/server/auth/actor.ts';
import { getUserById } from '../../src/lib/server/users/repository.ts';
import { decide } from '../../src/lib/server/mostro/actions/decide.ts';
import { executeTake } from '../../src/lib/server/mostro/actions/take-dispute.ts';
import { importEvidenceKey } from '../../src/lib/server/evidence/key-import.ts';
import { loadEscrowView } from '../../src/lib/server/lightning/escrow-view.ts';
import { loadDecisionView } from '../../src/lib/server/mostro/decision-view.ts';
import { loadChat } from '../../src/lib/server/mostro/dispute-chat/chat-view.ts';
import { resendChatMessage } from '../../src/lib/server/mostro/dispute-chat/chat-resend.ts';
import type { SessionUser } from '../../src/lib/server/auth/session-types.ts';
import type { DecisionInput } from '../../src/lib/server/mostro/actions/decision-rules.ts';

export type ConsoleCommand =
	| { op: 'take'; userId: number; disputeId: string }
	| { op: 'decide'; userId: number; disputeId: string; input: DecisionInput }
	| { op: 'chat-send'; userId: number; disputeId: string; party: 'buyer' | 'seller'; text: string }
	| { op: 'chat-resend'; userId: number; disputeId: string; messageId: number }
	| { op: 'import-evidence'; userId: number; disputeId: string; sourceMessageId: number }
	| { op: 'escrow-view'; disputeId: string }
	| { op: 'chat-view'; userId: number; disputeId: string }
	| { op: 'decision-view'; userId: number; disputeId: string };

async function sessionUser(runtime: Runtime, id: number): Promise<PersonActor> {
	const row = await getUserById(runtime.db, id);
	if (!row) throw new Error(`no user ${id}`);
	return personActor({ id: row.id, name: row.name, role: row.role as SessionUser['role'] });
}

export async function runConsoleCommand(runtime: Runtime, command: ConsoleCommand): Promise<unknown> {
	switch (command.op) {
		case 'take':
			return executeTake(runtime, await sessionUser(runtime, command.userId), command.disputeId, { confirmedTakeover: false });
		case 'decide':
			return decide(runtime, await sessionUser(runtime, command.userId), command.disputeId, command.input);
		case 'chat-send': {
			const user = await sessionUser(runtime, command.userId);
			return runtime.chat.send(user, command.disputeId, command.party, command.text);
		}
		case 'chat-resend':
			return resendChatMessage(runtime, await sessionUser(runtime, command.userId), command.disputeId, command.messageId);
		case 'import-evidence': {
			const user = await sessionUser(runtime, command.userId);
			const input = { secret: '', sourceMessageId: command.sourceMessageId, disclosedBy: 'unknown' as const, via: 'out_of_band' as const, disclosedAt: null };
			return importEvidenceKey(runtime, user, command.disputeId, input);
		}
		case 'escrow-view':
			return loadEscrowView(runtime.escrow, command.disputeId);
		case 'chat-view':
			return loadChat(runtime, command.disputeId, command.userId, command.userId);
		case 'decision-view':
			return loadDecisionView(runtime, await sessionUser(runtime, command.userId), command.disputeId);
	}
}
