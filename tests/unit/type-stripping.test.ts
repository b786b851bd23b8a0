// The server, protocol, simulator and CLI modules run directly under Node's type stripping
// (the CLI and the sandbox load them without a bundler), so each must contain only erasable
// TypeScript that Node can strip. Regression: a default parameter `x: T = 'a' in b ? …`
// once broke `npm run user` with ERR_INVALID_TYPESCRIPT_SYNTAX.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stripTypeScriptTypes } from 'node:module';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return tsFiles(path);
		return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
	});
}

const roots = ['src/lib/server', 'src/lib/access', 'src/lib/protocol', 'src/lib/i18n', 'src/lib/templates', 'sim', 'bin'];

describe('modules Node runs directly', () => {
	it('contain only TypeScript that Node can strip', () => {
		const failures: string[] = [];
		const files = roots.flatMap(tsFiles);
		for (const file of files) {
			try {
				stripTypeScriptTypes(readFileSync(file, 'utf8'), { mode: 'strip' });
			} catch (error) {
				failures.push(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
			}
		}
		expect(files.length).toBeGreaterThan(50);
		expect(failures).toEqual([]);
	});

	it('would catch the ambiguous default-parameter form', () => {
		expect(() => stripTypeScriptTypes("function f(s: object, o: 'a' | 'b' = 'x' in s ? 'a' : 'b') { return o; }", { mode: 'strip' })).toThrow();
	});
});
