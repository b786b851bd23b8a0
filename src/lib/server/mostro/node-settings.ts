// The operator's view and change of the node connection: what the console follows,
// relay health with intake counts, and the node's instance info. Saving reconnects the
// engine to the new node and relays.
import type { Runtime } from '../runtime.ts';
import { getNodeConnection, saveNodeConnection, type NodeConnection } from './node-connection.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import type { EngineHealth } from './engine.ts';
import { startMostroServices } from './services.ts';
import type { InstanceInfo } from '../../protocol/events/instance-info.ts';
import type { Actor } from '../auth/actor.ts';

export interface NodeSettingsView {
	connection: NodeConnection;
	health: EngineHealth;
	instance: InstanceInfo | null;
}

export async function loadNodeSettings(runtime: Runtime): Promise<NodeSettingsView> {
	const connection = await getNodeConnection(runtime.db, runtime.config);
	const instance = connection.pubkey ? await getInstanceInfo(runtime.db, connection.pubkey) : null;
	return { connection, health: runtime.engine.health(), instance };
}

export async function changeNodeConnection(runtime: Runtime, actor: Actor, _subjectId: null, input: { pubkey: string; relays: string; useNodeRelayList: boolean }): Promise<void> {
	await saveNodeConnection(runtime.db, actor, input);
	// Only the replica leading the engine follows the node; the others only store the setting.
	if (runtime.leadsEngine()) await startMostroServices(runtime, await getNodeConnection(runtime.db, runtime.config));
}
