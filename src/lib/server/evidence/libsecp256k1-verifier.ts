// The event signature verifier for bulk evidence work on the server: the caching verifier of
// `protocol/signature-verifier` with libsecp256k1 (compiled to WebAssembly, no native build) as
// its BIP-340 backend, about three times faster than the pure curve arithmetic. PROTOCOL.md §
// chat validation step "inner and outer signatures" relies on it through `isSignatureValid`.
// Must never throw on hostile input and never give another verdict than BIP-340: where the
// library refuses an input outright (it also refuses r in [n, p), which BIP-340 allows) the pure
// implementation decides. It only ever checks public data.
import { schnorr } from '@noble/curves/secp256k1.js';
import { verifySchnorr } from 'tiny-secp256k1';
import { buildSignatureVerifier, type Bip340Check, type SignatureVerifier } from '../../protocol/signature-verifier.ts';

function pureBip340(signature: Uint8Array, message: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
	try {
		return schnorr.verify(signature, message, xOnlyPubkey);
	} catch {
		return false;
	}
}

export const libsecp256k1Bip340: Bip340Check = (signature, message, xOnlyPubkey) => {
	try {
		return verifySchnorr(message, xOnlyPubkey, signature);
	} catch {
		// Refused before any curve work (bad lengths, a key off the curve, r ≥ n): rare, so the
		// slow path costs nothing in practice and keeps the verdicts identical.
		return pureBip340(signature, message, xOnlyPubkey);
	}
};

export function buildEvidenceSignatureVerifier(): SignatureVerifier {
	return buildSignatureVerifier({ bip340: libsecp256k1Bip340 });
}
