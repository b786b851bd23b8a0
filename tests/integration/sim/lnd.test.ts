import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInvoice, encodeInvoice, startLndDouble } from '../../../sim/lnd/index.ts';
import type { LndDouble } from '../../../sim/lnd/index.ts';
import { lightning } from './lightning-client.ts';

type Lnd = ReturnType<typeof lightning.authenticatedLndGrpc>['lnd'];
type InvoiceUpdate = { is_held?: boolean; is_confirmed: boolean; is_canceled?: boolean };

function newSecret(): { secret: string; id: string } {
	const secret = randomBytes(32);
	return { secret: secret.toString('hex'), id: createHash('sha256').update(secret).digest('hex') };
}

/** The `[code, message, details?]` array a lightning call rejects with. */
async function failureOf(call: Promise<unknown>): Promise<unknown[]> {
	const outcome = await call.then(
		() => null,
		(error: unknown) => error
	);
	if (!Array.isArray(outcome)) throw new Error(`expected a lightning failure, got ${String(outcome)}`);
	return outcome;
}

function stateOf(update: InvoiceUpdate): string {
	if (update.is_confirmed) return 'settled';
	if (update.is_canceled) return 'canceled';
	return update.is_held ? 'accepted' : 'open';
}

/** Collects invoice states from subscribeToInvoice until the stream ends. */
function watchInvoice(lnd: Lnd, id: string): { states: string[]; ended: Promise<void> } {
	const states: string[] = [];
	const sub = lightning.subscribeToInvoice({ lnd, id });
	sub.on('invoice_updated', (invoice: InvoiceUpdate) => states.push(stateOf(invoice)));
	sub.on('error', () => undefined);
	const ended = new Promise<void>((resolve) => sub.once('end', () => resolve()));
	return { states, ended };
}

describe('LND double through the lightning package', () => {
	let double: LndDouble;
	let lnd: Lnd;

	beforeAll(async () => {
		double = await startLndDouble({ seed: 'lnd-test' });
		lnd = lightning.authenticatedLndGrpc({ cert: double.cert, macaroon: double.macaroon, socket: double.socket }).lnd;
	});
	afterAll(() => double.stop());

	it('serves a self-signed certificate for 127.0.0.1 and localhost', () => {
		expect(double.socket).toMatch(/^127\.0\.0\.1:\d+$/);
		const cert = new X509Certificate(Buffer.from(double.cert, 'base64').toString());
		expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(cert.checkHost('localhost')).toBe('localhost');
		expect(cert.verify(cert.publicKey)).toBe(true);
	});

	it('answers getWalletInfo and getHeight, and the height follows mineBlocks', async () => {
		const info = await lightning.getWalletInfo({ lnd });
		expect(info.public_key).toBe(double.pubkey);
		expect(info.alias).toBe('lnd-double');
		expect(info.is_synced_to_chain).toBe(true);
		expect(info.current_block_height).toBe(double.height());
		expect((await lightning.getHeight({ lnd })).current_block_height).toBe(double.height());
		const mined = double.mineBlocks(3);
		expect(mined).toBe(info.current_block_height + 3);
		expect((await lightning.getHeight({ lnd })).current_block_height).toBe(mined);
		expect((await lightning.getWalletInfo({ lnd })).current_block_height).toBe(mined);
	});

	it('runs a hold invoice open → accepted → settled, seen by subscribeToInvoice', async () => {
		const { secret, id } = newSecret();
		const created = await lightning.createHodlInvoice({ lnd, id, tokens: 10_050, description: 'Escrow amount Order #1', cltv_delta: 144 });
		expect(created.request.startsWith('lnbcrt')).toBe(true);
		const decoded = decodeInvoice(created.request);
		expect([decoded.payee, decoded.paymentHash, decoded.amountMsat, decoded.minFinalCltvExpiry]).toEqual([double.pubkey, id, 10_050_000n, 144]);

		const watch = watchInvoice(lnd, id);
		const open = await lightning.getInvoice({ lnd, id });
		expect([open.is_held, open.is_confirmed, open.tokens, open.cltv_delta]).toEqual([undefined, false, 10_050, 144]);
		await expect(lightning.settleHodlInvoice({ lnd, secret })).rejects.toEqual([402, 'CannotSettleHtlcBeforeHtlcReceived']);

		const acceptedAt = double.height();
		double.payHoldInvoice(id);
		const held = await lightning.getInvoice({ lnd, id });
		expect(held.is_held).toBe(true);
		expect(held.received).toBe(10_050);
		expect(held.payments[0]).toMatchObject({ is_held: true, created_height: acceptedAt, timeout: acceptedAt + 144 });
		expect(double.invoice(id)?.htlcs[0]?.expiryHeight).toBe(acceptedAt + 144);

		await expect(lightning.settleHodlInvoice({ lnd, secret: newSecret().secret })).rejects.toEqual([404, 'SecretDoesNotMatchAnyExistingHodlInvoice']);
		await lightning.settleHodlInvoice({ lnd, secret });
		const settled = await lightning.getInvoice({ lnd, id });
		expect([settled.is_confirmed, settled.secret]).toEqual([true, secret]);
		await watch.ended;
		expect(watch.states).toEqual(['open', 'accepted', 'settled']);
	});

	it('cancels a held invoice; cancel is idempotent and settle is refused afterwards', async () => {
		const { secret, id } = newSecret();
		await lightning.createHodlInvoice({ lnd, id, tokens: 5000, cltv_delta: 144 });
		const watch = watchInvoice(lnd, id);
		await lightning.getInvoice({ lnd, id });
		double.payHoldInvoice(id);
		await lightning.cancelHodlInvoice({ lnd, id });
		await lightning.cancelHodlInvoice({ lnd, id });
		expect((await lightning.getInvoice({ lnd, id })).is_canceled).toBe(true);
		const refused = await failureOf(lightning.settleHodlInvoice({ lnd, secret }));
		expect(refused.slice(0, 2)).toEqual([503, 'UnexpectedErrorWhenSettlingHodlInvoice']);
		expect(refused[2]).toMatchObject({ err: { details: 'invoice already canceled' } });
		await watch.ended;
		expect(watch.states).toEqual(['open', 'accepted', 'canceled']);
		expect(double.invoice(id)?.state).toBe('CANCELED');
	});

	it('cancels a held HTLC by itself near its CLTV expiry (holdexpirydelta 12)', async () => {
		const { id } = newSecret();
		await lightning.createHodlInvoice({ lnd, id, tokens: 2000, cltv_delta: 40 });
		double.payHoldInvoice(id);
		double.mineBlocks(27);
		expect((await lightning.getInvoice({ lnd, id })).is_held).toBe(true);
		double.mineBlocks(1);
		expect((await lightning.getInvoice({ lnd, id })).is_canceled).toBe(true);
	});

	it('pays a BOLT-11 invoice created by the double (buyer payout), once', async () => {
		const buyer = double.createInvoice({ tokens: 9_900, description: 'payout' });
		const paid = await lightning.pay({ lnd, request: buyer.request });
		expect([paid.is_confirmed, paid.secret, paid.tokens, paid.id]).toEqual([true, buyer.secret, 9_900, buyer.id]);
		expect(double.invoice(buyer.id)?.state).toBe('SETTLED');
		expect(double.payments().find((p) => p.hash === buyer.id)?.status).toBe('SUCCEEDED');
		const again = await failureOf(lightning.pay({ lnd, request: buyer.request }));
		expect(again.slice(0, 2)).toEqual([503, 'UnexpectedPaymentError']);
		expect(again[2]).toMatchObject({ err: { details: 'invoice is already paid' } });
	});

	it('fails payments while failure is injected', async () => {
		const buyer = double.createInvoice({ tokens: 1_000 });
		double.failPayments(true);
		await expect(lightning.pay({ lnd, request: buyer.request })).rejects.toEqual([503, 'PaymentPathfindingFailedToFindPossibleRoute']);
		expect(double.invoice(buyer.id)?.state).toBe('OPEN');
		double.failPayments(false);
		expect((await lightning.pay({ lnd, request: buyer.request })).secret).toBe(buyer.secret);
	});

	it('keeps a payment to a hold invoice in flight until the invoice is settled', async () => {
		const { secret, id } = newSecret();
		const { request } = await lightning.createHodlInvoice({ lnd, id, tokens: 3_000 });
		const sub = lightning.subscribeToPayViaRequest({ lnd, request });
		const paying = new Promise((resolve) => sub.once('paying', resolve));
		const confirmed = new Promise<{ secret: string }>((resolve) => sub.once('confirmed', resolve));
		await paying;
		await expect.poll(() => double.invoice(id)?.state).toBe('ACCEPTED');
		await lightning.settleHodlInvoice({ lnd, secret });
		expect((await confirmed).secret).toBe(secret);
	});

	it('refuses a wrong macaroon with UNAUTHENTICATED', async () => {
		const intruder = lightning.authenticatedLndGrpc({
			cert: double.cert,
			macaroon: randomBytes(48).toString('hex'),
			socket: double.socket
		}).lnd;
		const failure = await failureOf(lightning.getWalletInfo({ lnd: intruder }));
		expect(failure.slice(0, 2)).toEqual([503, 'GetWalletInfoErr']);
		expect(failure[2]).toMatchObject({ err: { code: 16 } });
	});

	it('answers UNAVAILABLE while set down', async () => {
		double.setDown(true);
		const failure = await failureOf(lightning.getWalletInfo({ lnd }));
		expect(failure[0]).toBe(503);
		expect(failure[2]).toMatchObject({ err: { code: 14 } });
		double.setDown(false);
		expect((await lightning.getWalletInfo({ lnd })).public_key).toBe(double.pubkey);
	});
});

describe('BOLT-11 encoder and decoder', () => {
	const key = createHash('sha256').update('bolt11 test key').digest();
	const base = {
		network: 'bcrt',
		timestamp: 1_700_000_000,
		paymentHash: randomBytes(32),
		paymentSecret: randomBytes(32),
		description: 'Escrow amount Order #42: SELL BTC for EUR 50',
		expirySeconds: 3600,
		minFinalCltvExpiry: 144,
		features: [8, 14, 17]
	};

	it('round-trips amounts in every unit and recovers the payee', () => {
		for (const amountMsat of [null, 1_000n, 1_500n, 123_456_789n, 250_000_000n, 100_000_000_000n, 10n]) {
			const request = encodeInvoice({ ...base, amountMsat }, key);
			const decoded = decodeInvoice(request);
			expect(decoded.amountMsat).toBe(amountMsat);
			expect(decoded.paymentHash).toBe(base.paymentHash.toString('hex'));
			expect(decoded.paymentSecret).toBe(base.paymentSecret.toString('hex'));
			expect(decoded.description).toBe(base.description);
			expect(decoded.expirySeconds).toBe(3600);
			expect(decoded.timestamp).toBe(base.timestamp);
		}
		const withPayee = decodeInvoice(encodeInvoice({ ...base, amountMsat: 1000n, includePayee: true }, key));
		expect(withPayee.payee).toBe(decodeInvoice(encodeInvoice({ ...base, amountMsat: 1000n }, key)).payee);
	});

	it('uses the shortest exact HRP amount', () => {
		expect(encodeInvoice({ ...base, amountMsat: 250_000_000n }, key).startsWith('lnbcrt2500u1')).toBe(true);
		expect(encodeInvoice({ ...base, amountMsat: 100_000_000_000n }, key).startsWith('lnbcrt11')).toBe(true);
		expect(encodeInvoice({ ...base, amountMsat: 1_500n }, key).startsWith('lnbcrt15n1')).toBe(true);
		expect(encodeInvoice({ ...base, amountMsat: 10n }, key).startsWith('lnbcrt100p1')).toBe(true);
	});

	it('rejects a tampered request', () => {
		const request = encodeInvoice({ ...base, amountMsat: 1000n, includePayee: true }, key);
		const tampered = request.replace('lnbcrt10n1', 'lnbcrt20n1');
		expect(() => decodeInvoice(tampered)).toThrow();
	});
});
