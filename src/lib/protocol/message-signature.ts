// Mostro inner-message signatures and the v2 identity proof (PROTOCOL.md §2.3, §2.4, Appendix A.1).
// sig = BIP-340 over sha256(UTF-8 canonical JSON). Verification always re-serializes the parsed
// message first, as the daemon does. Must never sign non-canonical bytes.
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { serializeMessage } from './canonical.ts';
import { isHex, isHex64 } from './keys.ts';
import type { Message } from './message.ts';

export const IDENTITY_PROOF_PREFIX = 'mostro-transport-v2-identity:';

export function messageDigest(json: string): Uint8Array {
	return sha256(utf8ToBytes(json));
}

/** Schnorr signature (hex) over sha256 of `text`. `auxRandom` zeros gives the Appendix A vectors. */
export function signText(text: string, secret: Uint8Array, auxRandom?: Uint8Array): string {
	return bytesToHex(schnorr.sign(messageDigest(text), secret, auxRandom));
}

/** Never throws. */
export function isTextSignatureValid(text: string, sigHex: unknown, pubkeyHex: unknown): boolean {
	if (!isHex(sigHex, 64) || !isHex64(pubkeyHex)) return false;
	try {
		return schnorr.verify(hexToBytes(sigHex), messageDigest(text), hexToBytes(pubkeyHex));
	} catch {
		return false;
	}
}

/** Trade-key signature over the canonical message JSON (element 2 of the tuple). */
export function signMessage(m: Message, secret: Uint8Array, auxRandom?: Uint8Array): string {
	return signText(serializeMessage(m), secret, auxRandom);
}

export function isMessageSignatureValid(m: Message, sigHex: unknown, pubkeyHex: unknown): boolean {
	return isTextSignatureValid(serializeMessage(m), sigHex, pubkeyHex);
}

/** The string the identity key signs: `mostro-transport-v2-identity:<trade pubkey>:<message JSON>`. */
export function identityProofText(tradePubkey: string, m: Message): string {
	return `${IDENTITY_PROOF_PREFIX}${tradePubkey}:${serializeMessage(m)}`;
}

export type IdentityProof = [identityPubkey: string, identitySig: string];

export function buildIdentityProof(tradePubkey: string, m: Message, identitySecret: Uint8Array, identityPubkey: string, auxRandom?: Uint8Array): IdentityProof {
	return [identityPubkey, signText(identityProofText(tradePubkey, m), identitySecret, auxRandom)];
}

export function isIdentityProofValid(tradePubkey: string, m: Message, proof: IdentityProof): boolean {
	return isTextSignatureValid(identityProofText(tradePubkey, m), proof[1], proof[0]);
}
