// Content-Disposition for downloads (RFC 6266 + RFC 5987 `filename*`): a non-Latin name no longer
// breaks the header (regression: `Отчёт-банка.pdf` made the attachment route answer 500 "Cannot
// convert argument to a ByteString"), the real name is percent-encoded UTF-8, and the ASCII
// fallback never carries quotes, backslashes, slashes or control characters.
import { describe, expect, it } from 'vitest';
import { asciiFilename, buildContentDisposition } from '../../../src/lib/server/content-disposition.ts';

const cases: Array<[string, string, string]> = [
	['plain ASCII stays one parameter', 'statement.pdf', 'attachment; filename="statement.pdf"'],
	['Cyrillic gets filename* and a fallback stem', 'Отчёт-банка.pdf', `attachment; filename="attachment.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82-%D0%B1%D0%B0%D0%BD%D0%BA%D0%B0.pdf`],
	['accents are dropped in the fallback', 'recibo señal.png', `attachment; filename="recibo senal.png"; filename*=UTF-8''recibo%20se%C3%B1al.png`],
	['quotes and backslashes never reach the header', 'a"b\\c.pdf', 'attachment; filename="a_b_c.pdf"'],
	["RFC 5987 reserves ' ( ) *", "it's (1)*.pdf", `attachment; filename="it's (1)*.pdf"`],
	['emoji and CJK', '付款📄.pdf', `attachment; filename="attachment.pdf"; filename*=UTF-8''%E4%BB%98%E6%AC%BE%F0%9F%93%84.pdf`],
	['an empty name uses the fallback', '', 'attachment; filename="attachment"']
];

describe('buildContentDisposition', () => {
	for (const [label, name, expected] of cases) {
		it(label, () => {
			const header = buildContentDisposition('attachment', name, 'attachment');
			expect(header).toBe(expected);
			// A header value must be a ByteString: this is what threw before.
			expect(() => new Headers({ 'content-disposition': header })).not.toThrow();
			expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
		});
	}

	it('encodes the RFC 5987 specials when the name needs filename*', () => {
		expect(buildContentDisposition('inline', "Ñ'(x)*.pdf", 'file')).toBe(`inline; filename="N'(x)*.pdf"; filename*=UTF-8''%C3%91%27%28x%29%2A.pdf`);
	});

	it('a name of only unreadable letters keeps its extension on the fallback', () => {
		expect(asciiFilename('Отчёт.pdf', 'attachment-7')).toBe('attachment-7.pdf');
		expect(asciiFilename('Отчёт-банка 2024.pdf', 'x')).toBe('_____-_____ 2024.pdf');
	});
});
