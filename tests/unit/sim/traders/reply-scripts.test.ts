// The simulated traders' languages (issue 17): the sandbox trickle brings Spanish and Portuguese
// traders besides English ones, every scripted line reads as its language to the console's
// party-language detector, and the shipped templates' requests (proof, chat key) trigger the
// traders' answers in each language they speak.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifySolverMessage, disclosureLine, greetingLine, proofIntroLine, statementLine, tradeChatLines, type Language } from '../../../../sim/traders/reply-scripts.ts';
import { SEED_PLAN, trickleDispute } from '../../../../sim/sandbox/seed-plan.ts';
import { detectLanguage } from '../../../../src/lib/templates/party-language.ts';

const facts = { fiatAmount: 100, fiatCode: 'EUR', paymentMethod: 'SEPA', reference: 'R42' };
const LANGUAGES: Language[] = ['en', 'es', 'pt'];

describe('sandbox trader languages', () => {
	it('the seeded disputes and the trickle include Spanish and Portuguese traders', () => {
		const seeded = SEED_PLAN.flatMap((d) => [d.buyer.language, d.seller.language]);
		expect(seeded.filter((l) => l === 'es').length).toBeGreaterThanOrEqual(6);
		const trickled = Array.from({ length: 12 }, (_, n) => trickleDispute(n)).flatMap((d) => [d.buyer.language, d.seller.language]);
		expect(new Set(trickled)).toEqual(new Set(['en', 'es', 'pt']));
	});

	it.each(LANGUAGES)('every %s line reads as that language', (lang) => {
		for (const seed of ['a', 'b', 'c']) {
			expect(detectLanguage([greetingLine(lang, seed, 'x'), statementLine(lang, 'buyer', 'honest', facts, seed, 'x')])).toBe(lang);
			expect(detectLanguage([statementLine(lang, 'seller', 'scammer', facts, seed, 'y')])).toBe(lang);
			expect(detectLanguage([statementLine(lang, 'seller', 'honest', facts, seed, 'z'), proofIntroLine(lang, 'seller')])).toBe(lang);
		}
		expect(detectLanguage(tradeChatLines(lang, facts).map((l) => l.text))).toBe(lang);
		expect(detectLanguage([disclosureLine(lang, 'buyer', 'ab'.repeat(32)), proofIntroLine(lang, 'buyer')])).toBe(lang);
	});

	it('the shipped templates asking for proof or the chat key trigger the traders in every language', () => {
		const sql = readFileSync(join(import.meta.dirname, '../../../../src/lib/server/db/migrations/017-message-templates.sql'), 'utf8');
		const row = (english: string) => sql.split('\n').find((line) => line.includes(`'${english}'`)) ?? '';
		const bodies = (line: string) => [...line.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!).slice(4, 8);
		expect(bodies(row('Ask for proof of payment')).map(classifySolverMessage)).toEqual(['proof', 'proof', 'proof', 'proof']);
		expect(bodies(row('Ask for the chat key')).map(classifySolverMessage)).toEqual(['chat-key', 'chat-key', 'chat-key', 'chat-key']);
		expect(bodies(row('Introduce yourself')).map(classifySolverMessage)).toEqual(['other', 'other', 'other', 'other']);
	});
});
