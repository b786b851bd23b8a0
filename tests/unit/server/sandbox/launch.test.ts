// npm start's sandbox decision and hand-over: when it starts, which relay ports it tries, and
// that the environment it hands over is what the config parser accepts as a sandbox.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/server/config.ts';
import { relayPortCandidates, sandboxEnvironment, shouldStartSandbox } from '../../../../src/lib/server/sandbox/launch.ts';
import { hasSavedNode, savedNodePubkey } from '../../../../src/lib/server/sandbox/saved-node.ts';
import { openDatabase } from '../../../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { saveNodeConnection } from '../../../../src/lib/server/mostro/node-connection.ts';
import { fromHex, getPubkey } from '../../../../src/lib/protocol/keys.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

const NODE_KEY = '33'.repeat(32);
const endpoints = {
	relayUrl: 'ws://127.0.0.1:5174',
	nodePubkey: getPubkey(fromHex(NODE_KEY)),
	nodeSecretKey: NODE_KEY,
	controlUrl: 'http://127.0.0.1:41000',
	blobUrl: 'http://127.0.0.1:41001',
	lnd: { socket: '127.0.0.1:41002', cert: 'Y2VydA==', macaroon: 'cd'.repeat(40) }
};

describe('starting the sandbox from npm start', () => {
	it('starts only with no node configured and the sandbox not turned off', () => {
		expect(shouldStartSandbox(parseConfig({}), null)).toBe(true);
		expect(shouldStartSandbox(parseConfig({ MEDIATOR_SANDBOX: 'off' }), null)).toBe(false);
		expect(shouldStartSandbox(parseConfig({ MOSTRO_PUBKEY: endpoints.nodePubkey }), null)).toBe(false);
		expect(shouldStartSandbox(parseConfig({}), endpoints.nodePubkey)).toBe(false);
	});

	it('starts again over the node an earlier sandbox start saved, never over another one', () => {
		const other = getPubkey(fromHex('44'.repeat(32)));
		expect(shouldStartSandbox(parseConfig({}), endpoints.nodePubkey, endpoints.nodePubkey)).toBe(true);
		expect(shouldStartSandbox(parseConfig({}), other, endpoints.nodePubkey)).toBe(false);
		expect(shouldStartSandbox(parseConfig({ MEDIATOR_SANDBOX: 'off' }), endpoints.nodePubkey, endpoints.nodePubkey)).toBe(false);
	});

	it("tries the port after the console's, then any port", () => {
		expect(relayPortCandidates(5173)).toEqual([5174, 0]);
		expect(relayPortCandidates(65535)).toEqual([0]);
	});

	it('hands over only the banner marker and the blob server; never the node key or LND secrets', () => {
		const environment = sandboxEnvironment(endpoints);
		expect(JSON.stringify(environment)).not.toContain(NODE_KEY);
		expect(JSON.stringify(environment)).not.toContain(endpoints.lnd.macaroon);
		const config = parseConfig({ ...environment });
		expect(config.mostroPubkey).toBeNull();
		expect(config.sandbox.launchedNode).toBe(endpoints.nodePubkey);
		expect(config.blobs).toMatchObject({ allowLoopback: true, uploadUrl: endpoints.blobUrl });
	});
});

describe('a node saved on the Settings page', () => {
	it("is seen in the data directory's database, read-only", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-saved-node-'));
		expect(hasSavedNode(dir)).toBe(false);
		const database = openDatabase(join(dir, 'mediator.sqlite'), readMigrationsFromDisk());
		try {
			expect(hasSavedNode(dir)).toBe(false);
			await saveNodeConnection(database.db, systemActor('cli'), { pubkey: endpoints.nodePubkey, relays: 'wss://relay.example', useNodeRelayList: false });
			expect(hasSavedNode(dir)).toBe(true);
			expect(savedNodePubkey(dir)).toBe(endpoints.nodePubkey);
		} finally {
			await database.close();
		}
	});
});
