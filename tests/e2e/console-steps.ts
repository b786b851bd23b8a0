// Browser steps shared by the e2e tests that start their own console: creating the first
// operator from the printed setup link, signing in, replacing a one-time password at the first
// sign-in, giving the first operator a registered solver key as npm start's sandbox does, and
// reading the disputes the sandbox seeded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { RunningConsole } from './server.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { postFirstOperatorSolverForms } from './solver-forms.ts';
import { toHex } from '../../src/lib/protocol/keys.ts';

export interface Who {
	name: string;
	password: string;
}

export interface SeededDispute {
	disputeId: string;
	outcome: string;
	scenario: string;
}

/** Opens the one-time setup link and creates the first operator; lands on the board. */
export async function createFirstOperator(page: Page, server: RunningConsole, who: Who): Promise<void> {
	expect(server.setupUrl, 'the console printed a setup link').toBeTruthy();
	await page.goto(server.setupUrl!);
	await page.getByLabel('User name').fill(who.name);
	await page.getByLabel('Password', { exact: true }).fill(who.password);
	await page.getByLabel('Repeat the password').fill(who.password);
	await page.getByRole('button', { name: 'Create operator' }).click();
	await expect(page).toHaveURL(/\/disputes$/);
}

/**
 * For a console started on its own node (not through npm start): gives the first operator a
 * solver key registered read-write through the Solvers page's forms with the node key pasted,
 * the same outcome npm start's sandbox seeding produces.
 */
export async function registerFirstOperatorSolver(server: RunningConsole, nodeSecretKey: Uint8Array): Promise<void> {
	const database = openDatabase(join(server.dataDir, 'mediator.sqlite'), readMigrationsFromDisk());
	try {
		expect(await postFirstOperatorSolverForms(database.db, server.baseURL, toHex(nodeSecretKey))).toBe('acknowledged');
	} finally {
		await database.close();
	}
}

/** In the sandbox: the first operator gives the user `name` a solver key and registers it read-write with the sandbox's node key. */
export async function registerSolverFor(server: RunningConsole, name: string): Promise<void> {
	const nodeKey = (JSON.parse(readFileSync(join(server.dataDir, 'sandbox', 'sandbox-state.json'), 'utf8')) as { nodeSecretKey: string }).nodeSecretKey;
	const database = openDatabase(join(server.dataDir, 'mediator.sqlite'), readMigrationsFromDisk());
	try {
		const user = await database.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirstOrThrow();
		expect(await postFirstOperatorSolverForms(database.db, server.baseURL, nodeKey, user.id)).toBe('acknowledged');
	} finally {
		await database.close();
	}
}

/** Submits the login form (where it lands is for the caller to check). */
export async function signInAs(page: Page, server: RunningConsole, who: Who): Promise<void> {
	await page.goto(server.baseURL + '/login');
	await page.getByLabel('User name').fill(who.name);
	await page.getByLabel('Password').fill(who.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** First sign-in of a user made with a one-time password: sets the real one; lands on the account page. */
export async function replaceOneTimePassword(page: Page, server: RunningConsole, name: string, temporary: string, password: string): Promise<void> {
	await signInAs(page, server, { name, password: temporary });
	await expect(page).toHaveURL(/\/account\/password/);
	await page.getByLabel('Current password').fill(temporary);
	await page.getByLabel('New password', { exact: true }).fill(password);
	await page.getByLabel('Repeat the new password').fill(password);
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page).toHaveURL(/\/account$/);
}

/** The disputes the sandbox seeded at start (its state file). */
export function seededDisputes(server: RunningConsole): SeededDispute[] {
	return (JSON.parse(readFileSync(join(server.dataDir, 'sandbox', 'sandbox-state.json'), 'utf8')) as { seeded: SeededDispute[] }).seeded;
}

/** On an open case page: reloads until the take button is enabled (the dispute reached the console and nobody holds it). */
export async function reloadUntilTakeable(page: Page): Promise<void> {
	await expect(async () => {
		await page.reload();
		await expect(page.getByTestId('take-button')).toBeEnabled({ timeout: 1000 });
	}).toPass({ timeout: 15_000 });
}
