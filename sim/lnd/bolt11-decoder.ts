// BOLT-11 payment request decoder for the LND double (used by SendPaymentV2 to learn the
// hash, amount, payee and expiry of a request). Checks the bech32 checksum, recovers the
// payee from the signature (or verifies it against an `n` field) per BOLT #11. Pure. It
// must never accept a request whose signature does not match its payee.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bech32 } from '@scure/base';
import { TAG, convertBits, hrpAmountToMsat, signingHash, wordsToNumber } from './bolt11-words.ts';

export type DecodedInvoice = {
	network: string;
	amountMsat: bigint | null;
	timestamp: number;
	paymentHash: string;
	paymentSecret: string | null;
	description: string | null;
	expirySeconds: number;
	minFinalCltvExpiry: number;
	/** Compressed payee public key, hex. */
	payee: string;
};

const SIGNATURE_WORDS = 104;

function wordsToBytes(words: readonly number[]): Uint8Array {
	return Uint8Array.from(convertBits(words, 5, 8, false));
}

/** Decode and authenticate a payment request. Throws on any malformed part. */
export function decodeInvoice(request: string): DecodedInvoice {
	const { prefix, words } = bech32.decode(request.toLowerCase() as `${string}1${string}`, false);
	const hrpMatch = /^ln(bcrt|tbs|tb|bc|sb)(\d*[munp]?)$/.exec(prefix);
	if (!hrpMatch?.[1]) throw new Error('unknown BOLT-11 prefix');
	if (words.length < 7 + SIGNATURE_WORDS) throw new Error('BOLT-11 request too short');
	const data = words.slice(0, -SIGNATURE_WORDS);
	const signature = wordsToBytes(words.slice(-SIGNATURE_WORDS));
	const decoded: DecodedInvoice = {
		network: hrpMatch[1],
		amountMsat: hrpAmountToMsat(hrpMatch[2] ?? ''),
		timestamp: wordsToNumber(data.slice(0, 7)),
		paymentHash: '',
		paymentSecret: null,
		description: null,
		expirySeconds: 3600,
		minFinalCltvExpiry: 18,
		payee: ''
	};
	let explicitPayee: Uint8Array | null = null;
	for (let at = 7; at < data.length;) {
		const code = data[at] ?? -1;
		const length = wordsToNumber(data.slice(at + 1, at + 3));
		const field = data.slice(at + 3, at + 3 + length);
		if (field.length !== length) throw new Error('truncated BOLT-11 tagged field');
		at += 3 + length;
		if (code === TAG.p && length === 52) decoded.paymentHash = bytesToHex(wordsToBytes(field).subarray(0, 32));
		else if (code === TAG.s && length === 52) decoded.paymentSecret = bytesToHex(wordsToBytes(field).subarray(0, 32));
		else if (code === TAG.d) decoded.description = new TextDecoder().decode(wordsToBytes(field));
		else if (code === TAG.x) decoded.expirySeconds = wordsToNumber(field);
		else if (code === TAG.c) decoded.minFinalCltvExpiry = wordsToNumber(field);
		else if (code === TAG.n && length === 53) explicitPayee = wordsToBytes(field).subarray(0, 33);
	}
	if (!decoded.paymentHash) throw new Error('BOLT-11 request without a payment hash');
	const hash = signingHash(prefix, data);
	const compact = signature.subarray(0, 64);
	if (explicitPayee) {
		if (!secp256k1.verify(compact, hash, explicitPayee, { prehash: false })) {
			throw new Error('BOLT-11 signature does not match the payee');
		}
		decoded.payee = bytesToHex(explicitPayee);
	} else {
		const recovered = new Uint8Array(65);
		recovered[0] = signature[64] ?? 0;
		recovered.set(compact, 1);
		decoded.payee = bytesToHex(secp256k1.recoverPublicKey(recovered, hash, { prehash: false }));
	}
	return decoded;
}
