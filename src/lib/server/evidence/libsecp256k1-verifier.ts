// The event signature verifier for bulk evidence work on the server: the caching verifier of
// `protocol/signature-verifier` with libsecp256k1 (compiled to WebAssembly, no native build) as
// its BIP-340 backend, about three times faster than the pure curve arithmetic. PROTOCOL.md §
// chat validation step "inner and outer signatures" relies on it through `isSignatureValid`.
// Must never throw on hostile input (any malformed key or signature is simply "not valid") and
// never see a secret key: it only checks public data.
import { verifySchnorr } from 'tiny-secp256k1';
import { buildSignatureVerifier, type Bip340Check, type SignatureVerifier } from '../../protocol/signature-verifier.ts';

export const libsecp256k1Bip340: Bip340Check = (signature, message, xOnlyPubkey) => {
	try {
		return verifySchnorr(message, xOnlyPubkey, signature);
	} catch {
		// tiny-secp256k1 throws for a key that is not on the curve or out of range.
		return false;
	}
};

export function buildEvidenceSignatureVerifier(): SignatureVerifier {
	return buildSignatureVerifier({ bip340: libsecp256k1Bip340 });
}
