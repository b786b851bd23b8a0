// Import purity of the shared protocol library: only @noble/*, pure nostr-tools subpaths and
// relative .ts modules inside src/lib/protocol may be imported (Node-only test: uses node:fs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../src/lib/protocol');
const ALLOWED_NOSTR = new Set(['nostr-tools/pure', 'nostr-tools/nip44', 'nostr-tools/nip19', 'nostr-tools/nip13', 'nostr-tools/nip59', 'nostr-tools/kinds']);

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
	});
}

function specifiers(src: string): string[] {
	const out: string[] = [];
	const re = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s+['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]/g;
	for (const m of src.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
	return out;
}

describe('src/lib/protocol import purity', () => {
	const all = files(ROOT);
	it('finds the modules', () => {
		expect(all.length).toBeGreaterThan(10);
	});
	for (const f of all) {
		it(relative(ROOT, f), () => {
			const src = readFileSync(f, 'utf8');
			expect(src.trimStart().startsWith('//'), 'opens with a header comment').toBe(true);
			for (const s of specifiers(src)) {
				if (s.startsWith('.')) {
					expect(s.endsWith('.ts') || s.endsWith('.json'), `${s}: explicit .ts extension`).toBe(true);
					const target = resolve(dirname(f), s);
					expect(target.startsWith(ROOT), `${s}: stays inside src/lib/protocol`).toBe(true);
				} else if (s.startsWith('@noble/')) {
					expect(true).toBe(true);
				} else {
					expect(ALLOWED_NOSTR.has(s), `${s}: not an allowed import`).toBe(true);
				}
			}
			expect(/\b(?:process|Buffer|require|Date\.now|Math\.random)\b/.test(src.replace(/\/\/.*$/gm, '')), 'no ambient Node/time/Math.random').toBe(false);
		});
	}
	it('the checker flags forbidden imports', () => {
		expect(specifiers("import { x } from 'node:fs';\nimport('$app/env');\nexport { y } from '$lib/server/db';")).toEqual(['node:fs', '$app/env', '$lib/server/db']);
	});
});
