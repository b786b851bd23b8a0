// Options of the node double and their defaults (the mostrod settings that matter on the dispute
// and admin paths, MOSTROD.md §0.3, §3.6, §5.4, §7; PROTOCOL.md §1.3). Resolves the node key
// from a key or a seed and builds the deterministic random source. Must never read the
// environment or the file system.
import { createHash } from 'node:crypto';
import { getPubkey, parseSecretKey } from '../../src/lib/protocol/keys.ts';
import { defaultRandom, type RandomSource } from '../../src/lib/protocol/random.ts';
import { isV019OrNewer } from '../../src/lib/protocol/transport-choice.ts';

export { isV019OrNewer };
import type { LndDouble } from '../lnd/index.ts';

export type SolverPermissionName = 'read' | 'read-write';
export type LndCredentials = { socket: string; cert: string; macaroon: string };

export type MostrodOptions = {
	/** Relay URLs: public events go to all of them, requests are read from all of them. */
	relays: string[];
	/** LND gRPC credentials or the LND double's handle; absent = in-memory Lightning. */
	lnd?: LndCredentials | LndDouble;
	/** Node key: 32 bytes, 64-hex or nsec; any other string is a seed the key is derived from. */
	secretKey?: Uint8Array | string;
	/** Seed for UUIDs and preimages (deterministic runs). Absent = CSPRNG. */
	seed?: string;
	/** 1 = gift wrap (kind 1059), 2 = nip44 (kind 14). Default 2. */
	protocolVersion?: 1 | 2;
	/** Publish disputes as kind 38383 `z=dispute` with d/s/y/z only (daemons ≤ v0.15.6). */
	legacyDisputes?: boolean;
	/** Publish the info event as kind 38383 `z=info` (daemons < v0.16.0). */
	legacyInfo?: boolean;
	pow?: number;
	/** v2 only; the published tag is max(pow, powFirstContact). */
	powFirstContact?: number;
	/** false: enforce powFirstContact but publish no `pow_first_contact` tag (as before v0.18.1). Default true. */
	advertisePowFirstContact?: boolean;
	bondEnabled?: boolean;
	bondApplyTo?: 'take' | 'make' | 'both';
	bondAmountPct?: number;
	bondBaseAmountSats?: number;
	/** `mostro_version` tag; '0.18' / '0.19' (or a full x.y.z). Default 0.18.5. From 0.19 the double
	 * closes party-closed disputes as `released` / `cooperatively-canceled` and notifies the
	 * holder (UPSTREAM-0.19.md §5, §6). */
	version?: string;
	instanceName?: string;
	/** Maintenance mode (UPSTREAM-0.19.md §7): new-order / take-buy / take-sell → CantDo maintenance_mode. Default false. */
	maintenanceMode?: boolean;
	/** Override of the 38385 `protocol_version` tag value; null = omit the tag (an ambiguous info event). */
	infoProtocolVersionTag?: string | null;
	/** Publish the 38385 `maintenance_mode` tag. Default: from v0.19. */
	maintenanceTag?: boolean;
	/** v0.19.1+ `serbero_pubkey`: the automated read-only solver (hex), announced in 38385. */
	assistantPubkey?: string;
	/** The assistant's secret key: the double can then play it (take disputes, send-dm to solvers); sets assistantPubkey. */
	assistantSecretKey?: Uint8Array;
	/** Publish the 38385 `serbero` tag for the assistant. Default true; false plays a node before v0.19.1 (assistant registered by hand). */
	assistantTag?: boolean;
	/** Unix milliseconds. Default Date.now. */
	clock?: () => number;
	/** Queued-DM flush period (one message per queue per tick). Default 250. */
	dmFlushMs?: number;
	/** 0 = ephemeral port, undefined = no HTTP control endpoint. */
	controlPort?: number;
	solvers?: Array<{ pubkey: string; permission: SolverPermissionName }>;
	/** Total Mostro fee fraction; each side pays half. Default 0.006. */
	fee?: number;
	holdInvoiceCltvDelta?: number;
	escrowDeadlineMarginBlocks?: number;
	/** Escrow-deadline guardian period; 0 disables the timer (runGuardian() still works). Default 300000. */
	guardianIntervalMs?: number;
	/** Info event republish period. Default 300000. */
	infoIntervalMs?: number;
	/** v2 spam-gate active-key cache refresh. Default 60000. */
	activeKeysRefreshMs?: number;
	paymentAttempts?: number;
	/** Value put in the payment_failed payload (seconds). Default 60. */
	paymentRetriesIntervalSecs?: number;
	/** Real delay between payout retries. Default paymentRetriesIntervalSecs × 1000. */
	paymentRetryDelayMs?: number;
	/** Every admin action and `dispute` answer CantDo invalid_action. */
	cashuEscrow?: boolean;
	/** Expiration of pending orders (order `expires_at`). Default 24 h. */
	expirationHours?: number;
	/** Drop requests whose message `version` differs from the transport (1 on gift wrap, 2 on kind 14), as a strict independent node does. Default false. */
	strictMessageVersion?: boolean;
	log?: (line: string) => void;
};

export type ResolvedOptions = Required<Omit<MostrodOptions, 'lnd' | 'secretKey' | 'seed' | 'controlPort' | 'instanceName' | 'log' | 'assistantPubkey' | 'assistantSecretKey' | 'infoProtocolVersionTag'>> & {
	assistantPubkey: string | null;
	assistantSecretKey: Uint8Array | null;
	/** undefined = the transport's number. */
	infoProtocolVersionTag: string | null | undefined;
	lnd: LndCredentials | LndDouble | undefined;
	controlPort: number | undefined;
	instanceName: string | null;
	log: (line: string) => void;
	secretKey: Uint8Array;
	pubkey: string;
	random: RandomSource;
	disputeDays: number;
	orderDays: number;
	dmDays: number;
};

function deriveKey(seed: string): Uint8Array {
	for (let i = 0; i < 100; i++) {
		const k = new Uint8Array(createHash('sha256').update(`mostrod-double key ${seed} ${i}`).digest());
		try {
			getPubkey(k);
			return k;
		} catch {
			// out of range, next candidate
		}
	}
	throw new Error('could not derive a node key');
}

function resolveKey(input: Uint8Array | string | undefined, random: RandomSource): Uint8Array {
	if (input instanceof Uint8Array) return input;
	if (typeof input === 'string') {
		try {
			return parseSecretKey(input);
		} catch {
			return deriveKey(input);
		}
	}
	for (let i = 0; i < 100; i++) {
		const k = random(32);
		try {
			getPubkey(k);
			return k;
		} catch {
			// out of range
		}
	}
	throw new Error('could not draw a node key');
}

/** Deterministic byte stream: sha256(seed ‖ counter) blocks. */
export function buildSeededRandom(seed: string): RandomSource {
	let counter = 0;
	return (length) => {
		const out = new Uint8Array(length);
		let filled = 0;
		while (filled < length) {
			const block = createHash('sha256').update(`mostrod-double random ${seed} ${counter++}`).digest();
			const take = Math.min(block.length, length - filled);
			out.set(block.subarray(0, take), filled);
			filled += take;
		}
		return out;
	};
}

export function resolveOptions(o: MostrodOptions): ResolvedOptions {
	if (!Array.isArray(o.relays) || o.relays.length === 0) throw new Error('startMostrod needs at least one relay URL');
	const random = o.seed !== undefined ? buildSeededRandom(o.seed) : defaultRandom;
	const secretKey = resolveKey(o.secretKey, random);
	const pow = o.pow ?? 0;
	const retrySecs = o.paymentRetriesIntervalSecs ?? 60;
	const version = o.version ?? '0.18.5';
	// v0.19 removed gift wrap: `transport = "gift-wrap"` stops the daemon (UPSTREAM-0.19.md §1, §2.1).
	if (isV019OrNewer(version) && o.protocolVersion === 1) throw new Error('mostrod v0.19 speaks transport v2 only');
	if (o.assistantPubkey !== undefined && !/^[0-9a-f]{64}$/.test(o.assistantPubkey)) throw new Error('assistantPubkey must be 64 lower-case hex');
	if (o.assistantSecretKey && o.assistantPubkey !== undefined && getPubkey(o.assistantSecretKey) !== o.assistantPubkey) throw new Error('assistantPubkey does not match assistantSecretKey');
	return {
		relays: [...o.relays],
		lnd: o.lnd,
		protocolVersion: o.protocolVersion ?? 2,
		legacyDisputes: o.legacyDisputes ?? false,
		legacyInfo: o.legacyInfo ?? false,
		pow,
		powFirstContact: o.powFirstContact ?? pow,
		advertisePowFirstContact: o.advertisePowFirstContact ?? true,
		bondEnabled: o.bondEnabled ?? false,
		bondApplyTo: o.bondApplyTo ?? 'take',
		bondAmountPct: o.bondAmountPct ?? 0.01,
		bondBaseAmountSats: o.bondBaseAmountSats ?? 1000,
		version,
		maintenanceMode: o.maintenanceMode ?? false,
		maintenanceTag: o.maintenanceTag ?? isV019OrNewer(version),
		assistantPubkey: o.assistantPubkey ?? (o.assistantSecretKey ? getPubkey(o.assistantSecretKey) : null),
		assistantSecretKey: o.assistantSecretKey ?? null,
		assistantTag: o.assistantTag ?? true,
		infoProtocolVersionTag: o.infoProtocolVersionTag,
		instanceName: o.instanceName ?? null,
		clock: o.clock ?? Date.now,
		dmFlushMs: o.dmFlushMs ?? 250,
		controlPort: o.controlPort,
		solvers: o.solvers ?? [],
		fee: o.fee ?? 0.006,
		holdInvoiceCltvDelta: o.holdInvoiceCltvDelta ?? 144,
		escrowDeadlineMarginBlocks: o.escrowDeadlineMarginBlocks ?? 24,
		guardianIntervalMs: o.guardianIntervalMs ?? 300_000,
		infoIntervalMs: o.infoIntervalMs ?? 300_000,
		activeKeysRefreshMs: o.activeKeysRefreshMs ?? 60_000,
		paymentAttempts: o.paymentAttempts ?? 3,
		paymentRetriesIntervalSecs: retrySecs,
		paymentRetryDelayMs: o.paymentRetryDelayMs ?? retrySecs * 1000,
		cashuEscrow: o.cashuEscrow ?? false,
		expirationHours: o.expirationHours ?? 24,
		strictMessageVersion: o.strictMessageVersion ?? false,
		log: o.log ?? (() => undefined),
		secretKey,
		pubkey: getPubkey(secretKey),
		random,
		disputeDays: 90,
		orderDays: 30,
		dmDays: 30
	};
}
