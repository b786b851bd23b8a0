// BOLT-11 payment request encoder for the LND double: HRP `ln<network><amount>`,
// timestamp, tagged fields p, s, d, x, c, 9 (and n when asked), signed by the node key with
// recoverable secp256k1 ECDSA over sha256(hrp ‖ data) (BOLT #11). Pure. It must never sign
// a request whose description does not fit in one tagged field.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bech32 } from '@scure/base';
import { TAG, convertBits, featuresToWords, msatToHrpAmount, numberToWords, signingHash } from './bolt11-words.ts';

export type InvoiceFields = {
	/** Bech32 currency prefix: 'bcrt' (regtest), 'tb', 'bc'. */
	network: string;
	/** Amount in millisatoshis; null for an open-amount invoice. */
	amountMsat: bigint | null;
	/** Unix seconds. */
	timestamp: number;
	paymentHash: Uint8Array;
	paymentSecret: Uint8Array;
	description: string;
	expirySeconds: number;
	minFinalCltvExpiry: number;
	/** Feature bits for field 9 (LND sets 8, 14, 17: tlv onion, payment secret, mpp). */
	features?: readonly number[];
	/** Add the payee node id as an `n` field. */
	includePayee?: boolean;
};

/** Max words in one tagged field (10-bit length). */
const MAX_FIELD_WORDS = 1023;

function taggedField(code: number, words: readonly number[]): number[] {
	if (words.length > MAX_FIELD_WORDS) throw new Error('BOLT-11 tagged field too long');
	return [code, ...numberToWords(words.length, 2), ...words];
}

function bytesToWords(bytes: Uint8Array): number[] {
	return convertBits(bytes, 8, 5, true);
}

/** Encode and sign a payment request with the node's 32-byte secret key. */
export function encodeInvoice(fields: InvoiceFields, nodeSecretKey: Uint8Array): string {
	if (fields.paymentHash.length !== 32 || fields.paymentSecret.length !== 32) {
		throw new Error('payment hash and payment secret must be 32 bytes');
	}
	const hrp = `ln${fields.network}${msatToHrpAmount(fields.amountMsat)}`;
	const words: number[] = [
		...numberToWords(fields.timestamp, 7),
		...taggedField(TAG.p, bytesToWords(fields.paymentHash)),
		...taggedField(TAG.s, bytesToWords(fields.paymentSecret)),
		...taggedField(TAG.d, bytesToWords(new TextEncoder().encode(fields.description))),
		...taggedField(TAG.x, numberToWords(fields.expirySeconds)),
		...taggedField(TAG.c, numberToWords(fields.minFinalCltvExpiry))
	];
	if (fields.features && fields.features.length > 0) {
		words.push(...taggedField(TAG['9'], featuresToWords(fields.features)));
	}
	if (fields.includePayee) {
		words.push(...taggedField(TAG.n, bytesToWords(secp256k1.getPublicKey(nodeSecretKey, true))));
	}
	const recovered = secp256k1.sign(signingHash(hrp, words), nodeSecretKey, {
		prehash: false,
		lowS: true,
		format: 'recovered'
	});
	// noble's 'recovered' layout is recovery ‖ r ‖ s; BOLT-11 wants r ‖ s ‖ recovery.
	const signature = new Uint8Array(65);
	signature.set(recovered.subarray(1, 65));
	signature[64] = recovered[0] ?? 0;
	return bech32.encode(hrp, [...words, ...bytesToWords(signature)], false);
}
