// Test world for evidence import: the console world (relay, node double, engine) plus a blob
// server and a crowd of simulated traders who chat before their dispute and disclose their trade
// chat key when the console's mediator asks for it in the dispute chat (sim/traders scenarios).
import { expect } from 'vitest';
import { startConsoleWorld, type ConsoleOptions, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { runDisputeScenario, TraderCrowd, type ScenarioOptions, type ScenarioResult } from '../../../../sim/traders/index.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import type { TestUser } from '../../../helpers/console-node.ts';
import type { PersonActor } from '../../../../src/lib/server/auth/actor.ts';

export interface EvidenceWorld {
	world: ConsoleWorld;
	blobs: RunningBlobServer;
	crowd: TraderCrowd;
	mediator: TestUser & { pubkey: string };
	actor: PersonActor;
	stop(): Promise<void>;
}

export async function startEvidenceWorld(seed: string, consoleOptions: ConsoleOptions = {}): Promise<EvidenceWorld> {
	const world = await startConsoleWorld({ protocolVersion: 2 }, 1500, {}, consoleOptions);
	const blobs = await startBlobServer();
	const crowd = await TraderCrowd.open({ relays: [world.relay.url], nodePubkey: world.node.pubkey, lnd: world.lnd, blobs, seed, replyDelayMs: 0 });
	const mediator = await world.addMediator('alice');
	await executeAddSolver(world.services, world.operator, mediator.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
	return {
		world,
		blobs,
		crowd,
		mediator,
		actor: mediator,
		async stop() {
			await crowd.stop();
			await blobs.stop();
			await world.stop();
		}
	};
}

/** Runs a scenario, takes the dispute as the mediator and waits for the chat channels. */
export async function takenScenario(w: EvidenceWorld, o: ScenarioOptions): Promise<ScenarioResult> {
	const r = await runDisputeScenario({ crowd: w.crowd, control: w.world.node }, o);
	await waitFor(() => w.world.database.db.selectFrom('disputes').select('id').where('id', '=', r.disputeId).executeTakeFirst(), 'the dispute');
	expect((await executeTake(w.world.services, w.mediator, r.disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
	await waitFor(() => w.world.services.chat.channels.get(r.disputeId, 'buyer'), 'the chat channels');
	return r;
}

/** Asks a party for its chat key in the dispute chat; resolves with the id of the message holding it. */
export async function askForChatKey(w: EvidenceWorld, disputeId: string, party: 'buyer' | 'seller'): Promise<number> {
	await w.world.services.chat.send({ ...w.actor }, disputeId, party, 'Please share the chat key of your conversation with the other party.');
	const row = await waitFor(
		async () =>
			(await w.world.database.db.selectFrom('chat_messages').select(['id', 'content']).where('dispute_id', '=', disputeId).where('party', '=', party).where('direction', '=', 'in').execute()).find((m) => /[0-9a-f]{64}/.test(m.content)),
		`the ${party}'s disclosure`,
		8000
	);
	return row.id;
}
