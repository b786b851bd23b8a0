// The transport rule (UPSTREAM-0.19.md §2.1): protocol_version "2" → v2; a 0.19+ daemon → v2
// even when the tag is missing or odd; otherwise gift wrap.
import { describe, expect, it } from 'vitest';
import { chooseTransport, isV019OrNewer } from '../../../src/lib/protocol/transport-choice.ts';

describe('chooseTransport', () => {
	it('follows an advertised protocol_version 2', () => {
		expect(chooseTransport({ protocolVersionRaw: '2', mostroVersion: '0.18.5' })).toEqual({ transport: 2, reason: 'advertised_v2' });
	});
	it('defaults to v2 on 0.19 or newer when the tag is missing or ambiguous', () => {
		expect(chooseTransport({ protocolVersionRaw: null, mostroVersion: '0.19.2' })).toEqual({ transport: 2, reason: 'v019_default' });
		expect(chooseTransport({ protocolVersionRaw: '1', mostroVersion: '0.19' })).toEqual({ transport: 2, reason: 'v019_default' });
		expect(chooseTransport({ protocolVersionRaw: 'two', mostroVersion: 'v0.20.0-rc1' })).toEqual({ transport: 2, reason: 'v019_default' });
	});
	it('keeps gift wrap for older or unknown daemons', () => {
		expect(chooseTransport({ protocolVersionRaw: null, mostroVersion: '0.17.4' })).toEqual({ transport: 1, reason: 'no_protocol_tag' });
		expect(chooseTransport({ protocolVersionRaw: null, mostroVersion: null })).toEqual({ transport: 1, reason: 'no_protocol_tag' });
		expect(chooseTransport({ protocolVersionRaw: '1', mostroVersion: '0.18.5' })).toEqual({ transport: 1, reason: 'advertised_other' });
	});
	it('reads versions', () => {
		expect(isV019OrNewer('0.19')).toBe(true);
		expect(isV019OrNewer('1.0.0')).toBe(true);
		expect(isV019OrNewer('0.18.8')).toBe(false);
		expect(isV019OrNewer('garbage')).toBe(false);
		expect(isV019OrNewer(null)).toBe(false);
	});
});
