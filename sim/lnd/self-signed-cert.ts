// Self-signed X.509 v3 certificate for the LND double's gRPC TLS endpoint, built in pure
// TypeScript: a P-256 key from node:crypto and a hand-encoded DER certificate signed with
// ecdsa-with-SHA256 (RFC 5280 §4.1). It carries SAN IP:127.0.0.1 and DNS:localhost and is
// a CA (LND-style), so the `lightning` package can pass it to grpc-js as the root cert.
// It must never shell out to openssl or write the private key to disk.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { derBitString, derBoolean, derExplicit, derImplicit, derObjectId, derOctetString, derSequence, derSet, derSmallInteger, derUnsignedInteger, derUtcTime, derUtf8String } from './der-encoding.ts';

export type TlsIdentity = { certPem: string; keyPem: string };

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const DAY_MS = 86_400_000;

function toPem(label: string, der: Uint8Array): string {
	const base64 = Buffer.from(der).toString('base64');
	const lines = base64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
	return critical ? derSequence(derObjectId(oid), derBoolean(true), derOctetString(value)) : derSequence(derObjectId(oid), derOctetString(value));
}

/** Build a fresh key and certificate valid from yesterday for `validDays` days. */
export function createSelfSignedCert(commonName = 'lnd-double', validDays = 365): TlsIdentity {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
	// A P-256 SPKI ends with the 65-byte uncompressed point: the subject key id hashes it.
	const rawPublicKey = spki.subarray(spki.length - 65);
	const name = derSequence(derSet(derSequence(derObjectId('2.5.4.10'), derUtf8String('mostro-mediator sim'))), derSet(derSequence(derObjectId('2.5.4.3'), derUtf8String(commonName))));
	const serial = randomBytes(16);
	serial[0] = (serial[0] ?? 0) & 0x7f;
	const now = Date.now();
	const keyId = createHash('sha1').update(rawPublicKey).digest();
	const extensions = derSequence(
		// basicConstraints: CA:TRUE
		extension('2.5.29.19', true, derSequence(derBoolean(true))),
		// keyUsage: digitalSignature, keyEncipherment, keyCertSign
		extension('2.5.29.15', true, derBitString(Uint8Array.of(0xa4), 2)),
		// extKeyUsage: serverAuth
		extension('2.5.29.37', false, derSequence(derObjectId('1.3.6.1.5.5.7.3.1'))),
		// subjectKeyIdentifier
		extension('2.5.29.14', false, derOctetString(keyId)),
		// subjectAltName: DNS:localhost, IP:127.0.0.1
		extension('2.5.29.17', false, derSequence(derImplicit(2, new TextEncoder().encode('localhost')), derImplicit(7, Uint8Array.of(127, 0, 0, 1))))
	);
	const algorithm = derSequence(derObjectId(ECDSA_WITH_SHA256));
	const tbs = derSequence(
		derExplicit(0, derSmallInteger(2)),
		derUnsignedInteger(serial),
		algorithm,
		name,
		derSequence(derUtcTime(new Date(now - DAY_MS)), derUtcTime(new Date(now + validDays * DAY_MS))),
		name,
		spki,
		derExplicit(3, extensions)
	);
	const signature = new Uint8Array(sign('sha256', tbs, privateKey));
	const certificate = derSequence(tbs, algorithm, derBitString(signature));
	return {
		certPem: toPem('CERTIFICATE', certificate),
		keyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' }))
	};
}
