// The sandbox banner's condition: handed a sandbox node by npm start and still following it.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/server/config.ts';
import { isSandboxActive } from '../../../../src/lib/server/sandbox/active.ts';
import { sandboxEnvironment } from '../../../../src/lib/server/sandbox/launch.ts';
import { fromHex, getPubkey } from '../../../../src/lib/protocol/keys.ts';

const NODE_KEY = '44'.repeat(32);
const NODE = getPubkey(fromHex(NODE_KEY));
const sandboxConfig = parseConfig(sandboxEnvironment({ nodePubkey: NODE, blobUrl: 'http://127.0.0.1:41001' }));

describe('isSandboxActive', () => {
	it('is true while the console follows the sandbox node', () => {
		expect(isSandboxActive({ config: sandboxConfig, engine: { nodePubkey: NODE } })).toBe(true);
	});

	it('is false without a sandbox, or once another node is followed', () => {
		expect(isSandboxActive({ config: parseConfig({}), engine: { nodePubkey: null } })).toBe(false);
		expect(isSandboxActive({ config: parseConfig({ MOSTRO_PUBKEY: NODE }), engine: { nodePubkey: NODE } })).toBe(false);
		expect(isSandboxActive({ config: sandboxConfig, engine: { nodePubkey: getPubkey(fromHex('55'.repeat(32))) } })).toBe(false);
		expect(isSandboxActive({ config: sandboxConfig, engine: { nodePubkey: null } })).toBe(false);
	});
});
