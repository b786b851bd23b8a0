// What the sandbox seeds: a fixed, varied list of disputes (scenario, initiator, final state,
// languages, privacy modes and which key each party discloses) covering every state a console
// must show — new, in progress with another mediator, settled and refunded by that mediator,
// closed by a seller release and by a cooperative cancel — plus the trickle's rotation
// (MOSTROD.md §1, §2, §3, §5; PROTOCOL.md §4.8, §5.5). Pure data. Must never change the order of
// existing entries: a restart matches seeded disputes by index.
import type { Language, PartySetup, ScenarioName } from '../traders/index.ts';

export type Outcome = 'open' | 'in-progress' | 'admin-settled' | 'admin-canceled' | 'seller-released' | 'cooperative-cancel';

export type PlannedDispute = {
	scenario: ScenarioName;
	initiator: 'buyer' | 'seller';
	outcome: Outcome;
	orderStatus: 'active' | 'fiat-sent';
	buyer: PartySetup;
	seller: PartySetup;
};

const p = (language: Language, privacy: 'reputation' | 'full', disclose: 'k-conv' | 'ecdh'): PartySetup => ({ language, privacy, disclose });

/** The 38386 `s` each outcome ends in. */
export const OUTCOME_STATUS: Readonly<Record<Outcome, string>> = {
	open: 'initiated',
	'in-progress': 'in-progress',
	'admin-settled': 'settled',
	'admin-canceled': 'seller-refunded',
	'seller-released': 'settled',
	'cooperative-cancel': 'seller-refunded'
};

/** The first six already hold every status; the dozen adds the full dance, a second legacy chat and more languages. */
export const SEED_PLAN: readonly PlannedDispute[] = [
	{ scenario: 'honest-buyer', initiator: 'buyer', outcome: 'open', orderStatus: 'fiat-sent', buyer: p('en', 'reputation', 'k-conv'), seller: p('en', 'full', 'ecdh') },
	{ scenario: 'scammer-seller', initiator: 'buyer', outcome: 'open', orderStatus: 'fiat-sent', buyer: p('es', 'reputation', 'ecdh'), seller: p('es', 'reputation', 'k-conv') },
	{ scenario: 'legacy-chat', initiator: 'seller', outcome: 'in-progress', orderStatus: 'fiat-sent', buyer: p('en', 'full', 'ecdh'), seller: p('es', 'full', 'ecdh') },
	{ scenario: 'honest-buyer', initiator: 'buyer', outcome: 'admin-settled', orderStatus: 'fiat-sent', buyer: p('en', 'reputation', 'k-conv'), seller: p('en', 'reputation', 'k-conv') },
	{ scenario: 'honest-seller', initiator: 'seller', outcome: 'cooperative-cancel', orderStatus: 'active', buyer: p('es', 'full', 'k-conv'), seller: p('es', 'reputation', 'ecdh') },
	{ scenario: 'honest-buyer', initiator: 'seller', outcome: 'seller-released', orderStatus: 'fiat-sent', buyer: p('en', 'full', 'ecdh'), seller: p('es', 'full', 'k-conv') },
	{ scenario: 'full-dance', initiator: 'buyer', outcome: 'open', orderStatus: 'fiat-sent', buyer: p('en', 'reputation', 'ecdh'), seller: p('en', 'reputation', 'k-conv') },
	{ scenario: 'honest-seller', initiator: 'seller', outcome: 'admin-canceled', orderStatus: 'fiat-sent', buyer: p('en', 'full', 'k-conv'), seller: p('en', 'reputation', 'ecdh') },
	{ scenario: 'legacy-chat', initiator: 'buyer', outcome: 'open', orderStatus: 'fiat-sent', buyer: p('es', 'reputation', 'ecdh'), seller: p('en', 'full', 'k-conv') },
	{ scenario: 'honest-seller', initiator: 'seller', outcome: 'open', orderStatus: 'active', buyer: p('es', 'reputation', 'k-conv'), seller: p('es', 'full', 'ecdh') },
	{ scenario: 'honest-buyer', initiator: 'buyer', outcome: 'in-progress', orderStatus: 'fiat-sent', buyer: p('es', 'full', 'k-conv'), seller: p('en', 'reputation', 'ecdh') },
	{ scenario: 'honest-seller', initiator: 'buyer', outcome: 'open', orderStatus: 'fiat-sent', buyer: p('en', 'reputation', 'ecdh'), seller: p('en', 'full', 'k-conv') }
];

/** Entry `i` of the seed plan (cycled beyond the dozen). */
export function plannedDispute(i: number): PlannedDispute {
	return SEED_PLAN[i % SEED_PLAN.length] as PlannedDispute;
}

const TRICKLE: readonly ScenarioName[] = ['honest-buyer', 'honest-seller', 'legacy-chat', 'honest-buyer', 'scammer-seller'];

/** The n-th trickled dispute: always new (`open`), rotating scenarios, initiators and languages (Spanish every third, Portuguese among the rest). */
export function trickleDispute(n: number): PlannedDispute {
	const lang: Language = n % 3 === 0 ? 'es' : n % 4 === 1 ? 'pt' : 'en';
	return {
		scenario: TRICKLE[n % TRICKLE.length] as ScenarioName,
		initiator: n % 2 === 0 ? 'buyer' : 'seller',
		outcome: 'open',
		orderStatus: n % 4 === 3 ? 'active' : 'fiat-sent',
		buyer: p(lang, n % 2 === 0 ? 'reputation' : 'full', n % 2 === 0 ? 'k-conv' : 'ecdh'),
		seller: p(lang === 'en' && n % 5 === 1 ? 'es' : lang, n % 3 === 1 ? 'reputation' : 'full', n % 2 === 0 ? 'ecdh' : 'k-conv')
	};
}
