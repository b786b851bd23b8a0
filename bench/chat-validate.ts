// Benchmark: current-generation (G2) chat validation + decryption throughput versus the raw
// cryptography it must perform (PROTOCOL.md §5.3). Run: `npx node bench/chat-validate.ts`.
// Builds a 2,000-message transcript plus 2,000 junk events (wrong author, bad signature, wrong
// p tag), delivers them as relay JSON, and reports messages/s and the ratio to the cost of the
// schnorr verifications + NIP-44 decryptions alone on the same data.
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { decrypt as nip44Decrypt } from 'nostr-tools/nip44';
import { buildChatChannel } from '../src/lib/protocol/chat/keys.ts';
import { buildMemoryDedupStore } from '../src/lib/protocol/chat/stores.ts';
import { buildChatChannelView, unwrapChatMessage } from '../src/lib/protocol/chat/unwrap.ts';
import { wrapChatMessage } from '../src/lib/protocol/chat/wrap.ts';
import { signEvent, type NostrEvent } from '../src/lib/protocol/event.ts';
import { getPubkey } from '../src/lib/protocol/keys.ts';

const MESSAGES = 2000;
const JUNK = 2000;
const ROUNDS = 3;
const NOW = 1_760_000_000;

const key = (n: number) => {
	const b = new Uint8Array(32);
	b[31] = n;
	b[0] = 0x11;
	return b;
};
const buyer = key(1);
const seller = key(2);
const intruder = key(3);
const ch = buildChatChannel(buyer, getPubkey(seller));
const allowed = new Set([getPubkey(buyer), getPubkey(seller)]);

// --- data -------------------------------------------------------------------------------
const transcript: NostrEvent[] = [];
const inners: NostrEvent[] = [];
for (let i = 0; i < MESSAGES; i++) {
	const text = `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 8))}`;
	const w = wrapChatMessage(i % 2 ? seller : buyer, ch, text, { now: NOW - MESSAGES + i });
	transcript.push(w.outer);
	inners.push(w.inner);
}
const junk: NostrEvent[] = [];
for (let i = 0; i < JUNK; i++) {
	const kind = i % 3;
	if (kind === 0) {
		// wrong author: a valid-looking envelope signed by someone else
		junk.push(wrapChatMessage(intruder, { ...ch, signSecret: intruder }, `spam ${i}`, { now: NOW }).outer);
	} else if (kind === 1) {
		// bad signature: a well-formed envelope (correct id, never delivered before) whose
		// signature was made by another key, so validation must run the schnorr check
		const src = wrapChatMessage(buyer, ch, `forged ${i}`, { now: NOW }).outer;
		const forged = signEvent({ kind: src.kind, created_at: src.created_at, tags: src.tags, content: src.content }, intruder);
		junk.push({ ...src, sig: forged.sig });
	} else {
		// wrong p tag, signed by K_sign
		const src = transcript[i % MESSAGES] as NostrEvent;
		junk.push(signEvent({ kind: 14, created_at: src.created_at, tags: [['p', getPubkey(intruder)]], content: src.content }, ch.signSecret));
	}
}
// Interleave and serialize as a relay would deliver them.
const wire: string[] = [];
for (let i = 0; i < MESSAGES; i++) {
	wire.push(JSON.stringify(transcript[i]));
	wire.push(JSON.stringify(junk[i]));
}

const view = buildChatChannelView(ch.convSecret, ch.signPubkey);

// --- measured work ------------------------------------------------------------------------
function validateAll(): number {
	const seenOuter = buildMemoryDedupStore(100_000);
	const seenInner = buildMemoryDedupStore(100_000);
	let ok = 0;
	for (const text of wire) {
		const r = unwrapChatMessage(JSON.parse(text), { channel: view, allowedSigners: allowed, now: NOW, seenOuter, seenInner });
		if (r.ok) ok++;
	}
	return ok;
}

// Raw crypto on the same data: what validation cannot avoid. Valid messages: outer verify,
// NIP-44 decrypt, inner verify. Bad-signature junk: one (failing) outer verify. Wrong-author
// and wrong-p junk need no cryptography. Bytes are decoded outside the timed region.
const rawValid = transcript.map((e, i) => ({
	outerSig: hexToBytes(e.sig),
	outerId: hexToBytes(e.id),
	outerPub: hexToBytes(e.pubkey),
	content: e.content,
	innerSig: hexToBytes((inners[i] as NostrEvent).sig),
	innerId: hexToBytes((inners[i] as NostrEvent).id),
	innerPub: hexToBytes((inners[i] as NostrEvent).pubkey)
}));
const rawBadSig = junk.filter((_, i) => i % 3 === 1).map((e) => ({ sig: hexToBytes(e.sig), id: hexToBytes(e.id), pub: hexToBytes(e.pubkey) }));

function rawCrypto(): number {
	let ok = 0;
	for (const r of rawValid) {
		if (!schnorr.verify(r.outerSig, r.outerId, r.outerPub)) continue;
		nip44Decrypt(r.content, view.conversationKey);
		if (schnorr.verify(r.innerSig, r.innerId, r.innerPub)) ok++;
	}
	for (const r of rawBadSig) schnorr.verify(r.sig, r.id, r.pub);
	return ok;
}

function time(fn: () => number): { ms: number; result: number } {
	const t0 = performance.now();
	const result = fn();
	return { ms: performance.now() - t0, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// warm-up (JIT) on a slice, then measured rounds
for (const text of wire.slice(0, 200)) unwrapChatMessage(JSON.parse(text), { channel: view, allowedSigners: allowed, now: NOW });
for (const r of rawValid.slice(0, 100)) schnorr.verify(r.outerSig, r.outerId, r.outerPub);
const v: number[] = [];
const c: number[] = [];
let accepted = 0;
for (let r = 0; r < ROUNDS; r++) {
	// alternate the order so GC and thermal effects do not favour one side
	const [a, b] =
		r % 2 === 0
			? [time(validateAll), time(rawCrypto)]
			: (() => {
					const y = time(rawCrypto);
					return [time(validateAll), y];
				})();
	accepted = a.result;
	if (b.result !== MESSAGES) throw new Error('raw crypto baseline disagrees');
	v.push(a.ms);
	c.push(b.ms);
}
if (accepted !== MESSAGES) throw new Error(`expected ${MESSAGES} accepted messages, got ${accepted}`);
const vMs = median(v);
const cMs = median(c);
const result = {
	node: process.version,
	events: wire.length,
	accepted,
	rejected: wire.length - accepted,
	validateMs: Number(vMs.toFixed(1)),
	rawCryptoMs: Number(cMs.toFixed(1)),
	messagesPerSec: Math.round((MESSAGES / vMs) * 1000),
	eventsPerSec: Math.round((wire.length / vMs) * 1000),
	ratio: Number((vMs / cMs).toFixed(3)),
	target: 1.3
};
console.log(JSON.stringify(result, null, 2));
if (result.ratio > result.target) process.exitCode = 1;
