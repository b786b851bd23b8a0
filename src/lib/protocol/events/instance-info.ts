// Kind 38385 instance info (and the legacy 38383 `z=info` form): transport, PoW, bonds,
// versions, fees and policy tags (PROTOCOL.md §1.3, §2.1, §8 #1, #13). Unknown/garbled values
// become null (or the documented default), never a crash. v0.19 adds `maintenance_mode` and
// `serbero` (UPSTREAM-0.19.md §3). Must never guess `pow_first_contact`
// on a v2 node when the tag is absent.
import { ProtocolError } from '../errors.ts';
import { tagValue } from '../event.ts';
import { chooseTransport, type TransportReason } from '../transport-choice.ts';
import { boolTag, floatTag, instanceNameOf, intTag, KIND_INFO, KIND_ORDER, readPublicEvent, strTag, type PublicEventOptions } from './common.ts';

export interface BondPolicy {
	applyTo: 'take' | 'make' | 'both' | (string & {}) | null;
	amountPct: number | null;
	baseAmountSats: number | null;
	slashOnWaitingTimeout: boolean | null;
	slashNodeSharePct: number | null;
	payoutClaimWindowDays: number | null;
}

export interface InstanceInfo {
	eventId: string;
	createdAt: number;
	mostroPubkey: string;
	legacy: boolean;
	/** 2 when the tag is exactly "2", or when the daemon is 0.19 or newer (v1 removed); otherwise 1. */
	protocolVersion: 1 | 2;
	/** Why that transport (shown on Settings). */
	transportReason: TransportReason;
	protocolVersionRaw: string | null;
	pow: number;
	/** v1: equals pow when absent. v2: null when absent (unknown). */
	powFirstContact: number | null;
	bondEnabled: boolean;
	bond: BondPolicy | null;
	mostroVersion: string | null;
	mostroCommitHash: string | null;
	fee: number | null;
	maxOrderAmount: number | null;
	minOrderAmount: number | null;
	expirationHours: number | null;
	expirationSeconds: number | null;
	/** Empty = all accepted. */
	fiatCurrenciesAccepted: string[];
	maxOrdersPerResponse: number | null;
	holdInvoiceExpirationWindow: number | null;
	holdInvoiceCltvDelta: number | null;
	invoiceExpirationWindow: number | null;
	lnd: {
		version: string | null;
		nodePubkey: string | null;
		commitHash: string | null;
		nodeAlias: string | null;
		chains: string | null;
		networks: string | null;
		uris: string | null;
	};
	instanceName: string | null;
	/** `maintenance_mode` tag (UPSTREAM-0.19.md §3, §7): true only for "true"; absent (older node) or garbled → false. */
	maintenanceMode: boolean;
	/** `serbero` tag: the node's automated read-only solver (64-hex, lower case), or null. */
	assistantPubkey: string | null;
	/** Every tag name → first value, for display and future tags. */
	rawTags: Record<string, string>;
}

function hexKeyTag(value: string | null): string | null {
	const v = value?.trim().toLowerCase() ?? '';
	return /^[0-9a-f]{64}$/.test(v) ? v : null;
}

export function parseInstanceInfo(input: unknown, expectedAuthor: string, o: PublicEventOptions = {}): InstanceInfo {
	const e = readPublicEvent(input, expectedAuthor, [KIND_INFO, KIND_ORDER], o);
	const t = e.tags;
	const legacy = e.kind === KIND_ORDER;
	if (legacy && tagValue(t, 'z') !== 'info') throw new ProtocolError('wrong_kind', 'kind 38383 event is not z=info');
	const pvRaw = strTag(t, 'protocol_version');
	const transport = chooseTransport({ protocolVersionRaw: pvRaw, mostroVersion: strTag(t, 'mostro_version') });
	const protocolVersion: 1 | 2 = transport.transport;
	const pow = Math.max(0, intTag(t, 'pow') ?? 0);
	const pfc = intTag(t, 'pow_first_contact');
	const bondEnabled = boolTag(t, 'bond_enabled') === true;
	const rawTags: Record<string, string> = {};
	for (const tag of t) if (tag[0] !== undefined && tag[1] !== undefined && !(tag[0] in rawTags)) rawTags[tag[0]] = tag[1];
	const fiat = strTag(t, 'fiat_currencies_accepted');
	return {
		eventId: e.id,
		createdAt: e.created_at,
		mostroPubkey: e.pubkey,
		legacy,
		protocolVersion,
		transportReason: transport.reason,
		protocolVersionRaw: pvRaw,
		pow,
		powFirstContact: pfc !== null ? Math.max(0, pfc) : protocolVersion === 1 ? pow : null,
		bondEnabled,
		bond: bondEnabled
			? {
					applyTo: strTag(t, 'bond_apply_to'),
					amountPct: floatTag(t, 'bond_amount_pct'),
					baseAmountSats: intTag(t, 'bond_base_amount_sats'),
					slashOnWaitingTimeout: boolTag(t, 'bond_slash_on_waiting_timeout'),
					slashNodeSharePct: floatTag(t, 'bond_slash_node_share_pct'),
					payoutClaimWindowDays: intTag(t, 'bond_payout_claim_window_days')
				}
			: null,
		mostroVersion: strTag(t, 'mostro_version'),
		mostroCommitHash: strTag(t, 'mostro_commit_hash'),
		fee: floatTag(t, 'fee'),
		maxOrderAmount: intTag(t, 'max_order_amount'),
		minOrderAmount: intTag(t, 'min_order_amount'),
		expirationHours: intTag(t, 'expiration_hours'),
		expirationSeconds: intTag(t, 'expiration_seconds'),
		fiatCurrenciesAccepted: fiat
			? fiat
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean)
			: [],
		maxOrdersPerResponse: intTag(t, 'max_orders_per_response'),
		holdInvoiceExpirationWindow: intTag(t, 'hold_invoice_expiration_window'),
		holdInvoiceCltvDelta: intTag(t, 'hold_invoice_cltv_delta'),
		invoiceExpirationWindow: intTag(t, 'invoice_expiration_window'),
		lnd: {
			version: strTag(t, 'lnd_version'),
			nodePubkey: strTag(t, 'lnd_node_pubkey'),
			commitHash: strTag(t, 'lnd_commit_hash'),
			nodeAlias: strTag(t, 'lnd_node_alias'),
			chains: strTag(t, 'lnd_chains'),
			networks: strTag(t, 'lnd_networks'),
			uris: strTag(t, 'lnd_uris')
		},
		instanceName: instanceNameOf(t),
		maintenanceMode: boolTag(t, 'maintenance_mode') === true,
		assistantPubkey: hexKeyTag(strTag(t, 'serbero')),
		rawTags
	};
}
