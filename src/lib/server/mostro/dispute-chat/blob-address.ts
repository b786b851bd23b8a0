// Which network addresses an attachment download may connect to (PROTOCOL.md §5.7). The
// `guardedLookup` runs inside the socket's own DNS resolution, so the address checked is the
// address connected to: an allowed host name that resolves to a private, loopback, link-local
// or otherwise internal address is refused before any byte is sent. Must never be bypassed by
// resolving the name a second time elsewhere, and never logs the names it refuses.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/** The error code of a connection refused because of the address a host resolved to. */
export const BLOCKED_ADDRESS = 'EBLOCKEDADDRESS';

function isInternalV4(address: string): boolean {
	const [a = 0, b = 0] = address.split('.').map(Number);
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 192 && b === 0) ||
		(a === 198 && (b === 18 || b === 19)) ||
		a >= 224
	);
}

function isInternalV6(address: string): boolean {
	const bare = address.toLowerCase();
	if (bare === '::' || bare === '::1') return true;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
	if (mapped?.[1]) return isInternalV4(mapped[1]);
	if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(bare)) return true;
	return /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || /^ff/.test(bare) || /^64:ff9b:/.test(bare) || /^2002:/.test(bare);
}

/** True for literal addresses and names that must never be fetched from. */
export function isPrivateAddress(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (isIP(bare) === 4) return isInternalV4(bare);
	if (isIP(bare) === 6) return isInternalV6(bare);
	return bare === 'localhost' || bare.endsWith('.localhost') || bare.endsWith('.local') || bare.endsWith('.internal');
}

type BaseLookup = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemLookup: BaseLookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

function blocked(): NodeJS.ErrnoException {
	const error: NodeJS.ErrnoException = new Error('attachment host resolved to an internal address');
	error.code = BLOCKED_ADDRESS;
	return error;
}

/**
 * A `lookup` for http(s) requests that resolves every address of the name and refuses the
 * connection when any of them is internal (a name with one public and one private address is
 * refused too, so the socket cannot pick the private one). `permits` lets a caller admit an
 * address it was explicitly told to allow (loopback in the sandbox or a test), nothing else.
 */
export function guardedLookup(base: BaseLookup = systemLookup, permits: (address: string) => boolean = () => false): LookupFunction {
	return (hostname, options, callback) => {
		base(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
			if (error) return callback(error, '', 0);
			if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address) && !permits(entry.address))) return callback(blocked(), '', 0);
			if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
			const first = addresses[0] as LookupAddress;
			callback(null, first.address, first.family);
		});
	};
}
