// The 403 page's explanation (refusal.ts): which area, which permission and which roles, read
// from the roles table; nothing for a path the role may open; only plain paths from the URL.
import { describe, expect, it } from 'vitest';
import { explainRefusal, parseRefusedPath } from '../../../src/lib/access/refusal.ts';

describe('explainRefusal', () => {
	it('names the area, the permission and who holds it', () => {
		expect(explainRefusal('mediator', '/users')).toEqual({ area: 'nav.users', permission: 'manage_users', allowed: ['operator'] });
		expect(explainRefusal('mediator', '/audit')).toEqual({ area: 'nav.audit', permission: 'read_audit', allowed: ['operator', 'auditor'] });
		expect(explainRefusal('auditor', '/solvers')).toMatchObject({ area: 'nav.solvers', permission: 'manage_solvers' });
	});

	it('explains nothing where the role may go', () => {
		expect(explainRefusal('operator', '/users')).toBeNull();
		expect(explainRefusal('auditor', '/disputes/[id]')).toBeNull();
	});
});

describe('parseRefusedPath', () => {
	it('keeps console paths and drops anything else', () => {
		expect(parseRefusedPath('/users')).toBe('/users');
		expect(parseRefusedPath(null)).toBeNull();
		expect(parseRefusedPath('https://evil.example/')).toBeNull();
		expect(parseRefusedPath('//evil.example')).toBeNull();
		expect(parseRefusedPath('/' + 'a'.repeat(400))).toBeNull();
	});
});
