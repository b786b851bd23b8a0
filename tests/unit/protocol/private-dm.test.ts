import { describe, expect, it } from 'vitest';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { unwrapEvent } from 'nostr-tools/nip17';
import { newestDmRelayList, parseDmRelayList, wrapPrivateDm } from '../../../src/lib/protocol/private-dm.ts';

describe('NIP-17 direct messages', () => {
	it('wraps a kind 14 rumor in a seal and a gift wrap the recipient opens', () => {
		const sender = generateSecretKey();
		const recipient = generateSecretKey();
		const wrap = wrapPrivateDm(sender, getPublicKey(recipient), 'Dispute abc is closed.', 1_700_000_000);
		expect(wrap.kind).toBe(1059);
		expect(wrap.pubkey).not.toBe(getPublicKey(sender));
		expect(wrap.content).not.toContain('Dispute');
		const rumor = unwrapEvent(wrap, recipient);
		expect(rumor).toMatchObject({ kind: 14, content: 'Dispute abc is closed.', pubkey: getPublicKey(sender), created_at: 1_700_000_000 });
		expect(rumor.tags).toEqual([['p', getPublicKey(recipient)]]);
	});

	it('reads a kind 10050 list: ws(s) relays only, no duplicates, at most five', () => {
		const tags = [['relay', 'wss://a.example'], ['relay', 'wss://a.example'], ['relay', 'https://b.example'], ['r', 'wss://c.example'], ...['d', 'e', 'f', 'g', 'h'].map((x) => ['relay', `wss://${x}.example`])];
		expect(parseDmRelayList({ kind: 10050, tags })).toEqual(['wss://a.example', 'wss://d.example', 'wss://e.example', 'wss://f.example', 'wss://g.example']);
		expect(parseDmRelayList({ kind: 10002, tags })).toEqual([]);
		expect(parseDmRelayList(null)).toEqual([]);
	});

	it('takes the newest list of the right author', () => {
		const pk = 'a'.repeat(64);
		const events = [
			{ kind: 10050, pubkey: pk, created_at: 10, tags: [['relay', 'wss://old.example']] },
			{ kind: 10050, pubkey: pk, created_at: 20, tags: [['relay', 'wss://new.example']] },
			{ kind: 10050, pubkey: 'b'.repeat(64), created_at: 30, tags: [['relay', 'wss://other.example']] }
		];
		expect(newestDmRelayList(events, pk)).toEqual(['wss://new.example']);
	});
});
