// ESLint flat config, set up as the SvelteKit `sv` scaffold does (recommended JS, TypeScript and
// Svelte rules, Prettier owns formatting), plus the layer rules of ARCHITECTURE.md:
//  - src/lib/protocol is pure: it imports only @noble/*, the pure nostr-tools subpaths and itself;
//  - browser-reachable code (ui, i18n, state, format, *.svelte, universal +page.ts/+layout.ts)
//    never imports $lib/server or Node built-ins at run time (`import type` is allowed).
// Dynamic import() is not covered here; tests/unit/protocol-purity.test.ts checks that too.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const gitignorePath = fileURLToPath(new URL('./.gitignore', import.meta.url));

/** The nostr-tools entry points that do no I/O and keep no state (mirrors protocol-purity.test.ts). */
const PURE_NOSTR_TOOLS = ['pure', 'nip44', 'nip19', 'nip13', 'nip59', 'kinds'];
const PROTOCOL_ALLOWED = `^(?!@noble/|nostr-tools/(?:${PURE_NOSTR_TOOLS.join('|')})$|\\.\\.?/)`;
const NODE_BUILTIN = `^(?:node:|(?:${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(?:/|$))`;

/** Import rules for src/lib/protocol files `depth` folders below it: the relative paths that leave it are refused too. */
function protocolPurity(depth) {
	const dir = 'src/lib/protocol' + '/*'.repeat(depth);
	return {
		files: [`${dir}/*.ts`, `${dir}/*.js`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: PROTOCOL_ALLOWED, message: 'src/lib/protocol is shared and pure: only @noble/*, pure nostr-tools subpaths and its own modules (no node:*, $app, $env, $lib/server, sockets, DB).' },
						{ regex: `^(?:\\./)?(?:\\.\\./){${depth + 1},}`, message: 'This relative import leaves src/lib/protocol, which may import only itself.' }
					]
				}
			]
		}
	};
}

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	{
		ignores: ['.svelte-kit/', 'build/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/', 'tmp/', 'tests/vectors/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node }
		},
		rules: {
			// typescript-eslint recommends leaving undefined names to the TypeScript compiler.
			'no-undef': 'off',
			// Unused names are errors, except `_`-prefixed ones, the convention for a deliberately ignored value.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		rules: {
			// The console is served at the root (no paths.base), so plain absolute hrefs are right; resolve() would only add noise.
			'svelte/no-navigation-without-resolve': 'off',
			// Flags short-lived locals (a URLSearchParams built to make one href, a class's private handler Set) that are not UI state.
			'svelte/prefer-svelte-reactivity': 'off',
			// `{' · '}` next to an {#if} keeps spaces that Svelte trims at block edges; it is not useless.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	// (b) $lib/server boundaries for code that also runs in the browser.
	{
		files: ['src/lib/ui/**', 'src/lib/i18n/**', 'src/lib/state/**', 'src/lib/format/**', '**/*.svelte', '**/*.svelte.ts', 'src/routes/**/+page.ts', 'src/routes/**/+layout.ts', 'src/hooks.client.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: '^\\$lib/server(?:/|$)|^(?:\\.\\.?/)+(?:lib/)?server(?:/|$)', allowTypeImports: true, message: '$lib/server is server-only; browser code may use `import type` from it, nothing else.' },
						{ regex: NODE_BUILTIN, allowTypeImports: true, message: 'Node built-ins are server-only; this module also runs in the browser.' }
					]
				}
			]
		}
	},
	// (a) the protocol layer's purity (src/lib/protocol and up to three folders below it).
	protocolPurity(0),
	protocolPurity(1),
	protocolPurity(2),
	protocolPurity(3)
);
