// The muted-text token in src/app.css (`text-slate-500`) meets WCAG AA (4.5:1) on every surface
// it sits on, in light and in dark; Tailwind's own slate-500 read 4.34:1 on the chat's tinted
// panels and 3.7:1 on dark cards. Colours are read from app.css and Tailwind's theme.css.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const appCss = readFileSync(join(import.meta.dirname, '../../src/app.css'), 'utf8');
const tailwindTheme = readFileSync(join(import.meta.dirname, '../../node_modules/tailwindcss/theme.css'), 'utf8');

function tailwindColour(name: string): string {
	const value = new RegExp(`--color-${name}:\\s*([^;]+);`).exec(tailwindTheme)?.[1];
	if (!value) throw new Error(`no --color-${name} in Tailwind's theme`);
	return value;
}

/** Relative luminance (WCAG 2) of `oklch(L% C H)` or `#fff`. */
function luminance(colour: string): number {
	if (colour === '#fff') return 1;
	const match = /oklch\(([\d.]+)% ([\d.]+) ([\d.]+)\)/.exec(colour);
	if (!match) throw new Error(`not an oklch colour: ${colour}`);
	const [l, c, h] = [Number(match[1]) / 100, Number(match[2]), (Number(match[3]) * Math.PI) / 180];
	const [a, b] = [c * Math.cos(h), c * Math.sin(h)];
	const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
	const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
	const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
	const linear = [4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_, -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_, -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_];
	// Clipped to sRGB and rounded to 8 bits, as the browser paints it.
	const [r, g, bl] = linear.map((v) => {
		const encoded = Math.min(1, Math.max(0, v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
		const byte = Math.round(encoded * 255) / 255;
		return byte <= 0.04045 ? byte / 12.92 : ((byte + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
}

function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)];
	return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const light = /@theme\s*{[^}]*--color-slate-500:\s*([^;]+);/.exec(appCss)?.[1] ?? '';
const darkByClass = /body\.dark\s*{[^}]*--color-slate-500:\s*([^;]+);/.exec(appCss)?.[1] ?? '';
const darkBySystem = /prefers-color-scheme: dark\)\s*{\s*body:not\(\.light\)\s*{[^}]*--color-slate-500:\s*([^;]+);/.exec(appCss)?.[1] ?? '';

describe('muted text (text-slate-500) in app.css', () => {
	it('is defined for light, for a saved dark theme and for a dark system theme, the two dark ones alike', () => {
		expect(light).toMatch(/^oklch/);
		expect(darkByClass).toMatch(/^oklch/);
		expect(darkBySystem).toBe(darkByClass);
	});

	it.each(['white', 'slate-50', 'slate-100', 'violet-50', 'amber-50'])('reads at 4.5:1 or more on %s in light', (surface) => {
		expect(contrast(light, tailwindColour(surface))).toBeGreaterThanOrEqual(4.5);
	});

	it.each(['slate-800', 'slate-900', 'slate-950', 'violet-950'])('reads at 4.5:1 or more on %s in dark', (surface) => {
		expect(contrast(darkByClass, tailwindColour(surface))).toBeGreaterThanOrEqual(4.5);
	});

	it("was needed: Tailwind's own slate-500 fails on the chat's tinted panel and on dark cards", () => {
		expect(contrast(tailwindColour('slate-500'), tailwindColour('violet-50'))).toBeLessThan(4.5);
		expect(contrast(tailwindColour('slate-500'), tailwindColour('slate-900'))).toBeLessThan(4.5);
	});
});
