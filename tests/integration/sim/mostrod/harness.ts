// Test harness: one embedded relay and one LND double per test file, and a node double plus a
// client per transport mode. Modes: v2 (kind 14), v1 (gift wrap), legacy (v1 with kind 38383
// dispute events, as daemons ≤ v0.15.6 published them).
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble, type MostrodOptions } from '../../../../sim/mostrod/index.ts';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { MostroClient } from './client.ts';

export type Mode = { name: string; protocolVersion: 1 | 2; legacyDisputes: boolean };
export const MODES: Mode[] = [
	{ name: 'v2', protocolVersion: 2, legacyDisputes: false },
	{ name: 'v1', protocolVersion: 1, legacyDisputes: false },
	{ name: 'legacy', protocolVersion: 1, legacyDisputes: true }
];

export const DISPUTE_KIND = (m: Mode): number => (m.legacyDisputes ? 38383 : 38386);

export type Infra = { relay: RunningRelay; lnd: LndDouble; stop(): Promise<void> };

export async function startInfra(): Promise<Infra> {
	const relay = await startRelay();
	const lnd = await startLndDouble({ seed: 'mostrod-tests' });
	return { relay, lnd, stop: async () => void (await Promise.all([relay.stop(), lnd.stop()])) };
}

export type Node = { mostrod: MostrodDouble; client: MostroClient; stop(): Promise<void> };

export async function startNode(infra: Infra, mode: Mode, extra: Partial<MostrodOptions> = {}): Promise<Node> {
	const mostrod = await startMostrod({
		relays: [infra.relay.url],
		lnd: infra.lnd,
		protocolVersion: mode.protocolVersion,
		legacyDisputes: mode.legacyDisputes,
		dmFlushMs: 15,
		guardianIntervalMs: 0,
		...extra
	});
	const client = await MostroClient.connect(infra.relay.url, mostrod.pubkey, mode.protocolVersion);
	return {
		mostrod,
		client,
		stop: async () => {
			await client.close();
			await mostrod.stop();
		}
	};
}
