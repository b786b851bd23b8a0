// Shared steps for e2e tests: where the console is, signing in, and reading the audit
// log straight from the console's SQLite file (read-only).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, type Page } from '@playwright/test';

export const baseURL = () => process.env.E2E_BASE_URL ?? '';
export const dataDir = () => process.env.E2E_DATA_DIR ?? '';

export function auditRows(): Array<{ action: string; actor: string; details: string }> {
	const db = new DatabaseSync(join(dataDir(), 'mediator.sqlite'), { readOnly: true });
	try {
		return db.prepare('SELECT action, actor, details FROM audit_log ORDER BY id').all() as Array<{ action: string; actor: string; details: string }>;
	} finally {
		db.close();
	}
}

/** Creates a user with the CLI against a console's data directory (the shared console's by default); returns the one-time password. */
export function addUserWithCli(name: string, role: 'operator' | 'mediator' | 'auditor', consoleDataDir = dataDir()): string {
	const out = execFileSync(process.execPath, ['bin/mostro-mediator.mjs', 'user', 'add', '--name', name, '--role', role], {
		env: { ...process.env, LC_ALL: 'C', MEDIATOR_DATA_DIR: consoleDataDir },
		encoding: 'utf8'
	});
	const match = /One-time password[^:]*: (\S+)/.exec(out);
	if (!match?.[1]) throw new Error(`no one-time password in CLI output: ${out}`);
	return match[1];
}

/** Submits the login form and waits until the browser lands on `landsOn`. */
export async function signIn(page: Page, name: string, password: string, landsOn: RegExp = /\/disputes$/): Promise<void> {
	await page.goto(baseURL() + '/login');
	await page.getByLabel(/user name|nombre de usuario/i).fill(name);
	await page.getByLabel(/^password$|^contraseña$/i).fill(password);
	await page.getByRole('button', { name: /sign in|entrar/i }).click();
	await expect(page).toHaveURL(landsOn);
}

export async function signOut(page: Page): Promise<void> {
	await page.getByRole('button', { name: /log out|cerrar sesión/i }).click();
	await expect(page).toHaveURL(/\/login/);
}
