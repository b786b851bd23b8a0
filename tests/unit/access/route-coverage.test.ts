// Keeps the roles table and the routes in step: every page and endpoint under src/routes falls
// in a public path or a declared area (so a new route cannot silently open to every role), and
// every path the table names is served by a route or a static file (regression: `/api/health`
// was listed as public with no route behind it).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessPath, areaOf, isPublicPath } from '../../../src/lib/access/access-rules.ts';
import { ACCOUNT_GATE_PATHS, AREAS, PUBLIC_PATHS } from '../../../src/lib/access/roles-table.ts';

const ROUTES = resolve(import.meta.dirname, '../../../src/routes');
const STATIC = resolve(import.meta.dirname, '../../../static');
const ROUTE_FILE = /^\+(page|server)(\.server)?\.(ts|svelte)$/;

/** Route ids (`/(console)/users`) of every directory holding a page or an endpoint. */
function routeIds(dir: string): string[] {
	const here = readdirSync(dir).some((name) => ROUTE_FILE.test(name)) ? ['/' + relative(ROUTES, dir).split('\\').join('/')] : [];
	const below = readdirSync(dir)
		.map((name) => join(dir, name))
		.filter((path) => statSync(path).isDirectory())
		.flatMap(routeIds);
	return [...here.map((id) => (id === '/' ? '/' : id.replace(/\/$/, ''))), ...below];
}

const served = routeIds(ROUTES).map((id) => accessPath(id, id));

describe('roles table and routes', () => {
	it('finds the routes', () => {
		expect(served).toContain('/users');
		expect(served).toContain('/api/v1/disputes/[id]/decision');
	});

	it('puts every route in a public path or an area', () => {
		const uncovered = served.filter((path) => !isPublicPath(path) && areaOf(path) === null);
		expect(uncovered).toEqual([]);
	});

	it('names only paths that a route or a static file serves', () => {
		const rules = [...PUBLIC_PATHS, ...ACCOUNT_GATE_PATHS, ...AREAS].filter((rule) => rule.path !== '/_app');
		const unserved = rules.map((rule) => rule.path).filter((path) => !served.some((route) => route === path || route.startsWith(path + '/')) && !existsSync(join(STATIC, path)));
		expect(unserved).toEqual([]);
	});
});
