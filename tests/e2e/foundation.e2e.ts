// The console's foundation as a person uses it: first-run setup, sign-in and sign-out,
// refused passwords (audited), TOTP, roles, redirects, CSRF and the language switch.
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { expect, test } from '@playwright/test';
import { addUserWithCli, auditRows, baseURL, signIn, signOut } from './helpers.ts';

const OPERATOR = { name: 'olga', password: 'olga operates the console' };

function base32ToBytes(text: string): Uint8Array {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of text.replace(/\s+/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	const bytes = bits.match(/.{8}/g) ?? [];
	return Uint8Array.from(bytes.map((b) => parseInt(b, 2)));
}

test.describe.serial('foundation', () => {
	test('an unauthenticated visit redirects to the login page', async ({ page }) => {
		await page.goto(baseURL() + '/users');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2Fusers$/);
		await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
		const api = await page.request.get(baseURL() + '/api/anything');
		expect(api.status()).toBe(401);
		expect((await api.json()).error.code).toBe('unauthenticated');
	});

	test('first-run setup creates the operator, who can log out and back in', async ({ page }) => {
		const setupUrl = process.env.E2E_SETUP_URL;
		expect(setupUrl, 'the server printed a setup link').toBeTruthy();
		await page.goto(setupUrl!);
		await expect(page.getByRole('heading', { name: 'Create the first operator' })).toBeVisible();
		await page.getByLabel('User name').fill(OPERATOR.name);
		await page.getByLabel('Password', { exact: true }).fill(OPERATOR.password);
		await page.getByLabel('Repeat the password').fill(OPERATOR.password);
		await page.getByRole('button', { name: 'Create operator' }).click();
		await expect(page).toHaveURL(/\/disputes$/);
		await expect(page.getByTestId('current-user')).toContainText('olga · Operator');
		await expect(page.getByTestId('node-banner')).toContainText('No Mostro node is configured');
		await signOut(page);

		await page.goto(setupUrl!);
		await expect(page.getByRole('alert')).toContainText('invalid, expired or already used');

		await signIn(page, OPERATOR.name, OPERATOR.password);
		await expect(page).toHaveURL(/\/disputes$/);
		const actions = auditRows().map((row) => row.action);
		expect(actions).toEqual(expect.arrayContaining(['setup.completed', 'logout', 'login.succeeded']));
	});

	test('a wrong password is refused and audited', async ({ page }) => {
		await signIn(page, OPERATOR.name, 'not the right password', /\/login$/);
		await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
		await expect(page).toHaveURL(/\/login/);
		const failed = auditRows().filter((row) => row.action === 'login.failed');
		expect(failed.at(-1)?.details).toContain('wrong_password');
	});

	test('TOTP enrolment, then sign-in needs a code', async ({ page }) => {
		await signIn(page, OPERATOR.name, OPERATOR.password);
		await page.goto(baseURL() + '/account');
		await expect(page.getByTestId('totp-status')).toHaveText(/is off/);
		await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
		await expect(page.getByRole('img', { name: 'Authenticator app' })).toBeVisible();
		const key = base32ToBytes((await page.getByTestId('totp-key').textContent()) ?? '');
		expect(encodeBase32UpperCaseNoPadding(key)).toHaveLength(32);
		await page.getByLabel('Your current password').fill(OPERATOR.password);
		await page.getByLabel('Code').fill(generateTOTP(key, 30, 6) === '000000' ? '111111' : '000000');
		await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
		await expect(page.getByRole('alert')).toHaveText('That code is not valid.');
		await page.getByLabel('Code').fill(generateTOTP(key, 30, 6));
		await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
		await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(8);
		await page.goto(baseURL() + '/disputes');
		await signOut(page);

		await signIn(page, OPERATOR.name, OPERATOR.password, /\/login\/two-factor/);
		await page.goto(baseURL() + '/users');
		await expect(page).toHaveURL(/\/login\/two-factor/);
		// The enrolment code's step is used up (no replay): the next step's code, within the drift window.
		await page.getByLabel('Code').fill(generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6));
		await page.getByRole('button', { name: 'Verify' }).click();
		await expect(page).toHaveURL(/\/disputes$/);
		await page.goto(baseURL() + '/users');
		await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
		expect(auditRows().map((row) => row.action)).toContain('totp.enrolled');

		await page.goto(baseURL() + '/audit');
		await expect(page.getByTestId('audit-row').filter({ hasText: 'totp.enrolled' })).toHaveCount(1);
		await page.getByRole('button', { name: 'Verify the whole chain' }).click();
		await expect(page.getByTestId('audit-verdict')).toContainText('The chain is intact');
		await page.getByLabel('Action').selectOption('login.failed');
		await page.getByRole('button', { name: 'Apply' }).click();
		await expect(page.getByTestId('audit-row')).toHaveCount(1);
	});

	test('a mediator made with the CLI must change the password and cannot open Users', async ({ page }) => {
		const oneTime = addUserWithCli('alice', 'mediator');
		await signIn(page, 'alice', oneTime, /\/account\/password$/);
		await expect(page.getByText('You must choose a new password')).toBeVisible();
		await page.getByLabel('Current password').fill(oneTime);
		await page.getByLabel('New password', { exact: true }).fill('alice mediates disputes');
		await page.getByLabel('Repeat the new password').fill('alice mediates disputes');
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page).toHaveURL(/\/account$/);

		await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0);
		expect((await page.goto(baseURL() + '/audit'))?.status()).toBe(403);
		const response = await page.goto(baseURL() + '/users');
		expect(response?.status()).toBe(403);
		// The 403 page keeps the console's navigation and says what the role may not do.
		const refused = 'Your role, Mediator, may not open Users: managing the console users is reserved for Operator.';
		await expect(page.getByTestId('error-message')).toHaveText(refused);
		await expect(page.getByRole('navigation').getByRole('link', { name: 'Disputes' })).toBeVisible();
		await expect(page).toHaveURL(/\/users$/);
		// A percent-encoded path names the same route and is refused the same way.
		expect((await page.goto(baseURL() + '/%75sers'))?.status()).toBe(403);
		await expect(page.getByTestId('error-message')).toHaveText(refused);
		const post = await page.request.post(baseURL() + '/users?/create', {
			form: { name: 'mallory', role: 'operator' },
			headers: { origin: baseURL() }
		});
		expect(post.status()).toBe(403);
	});

	test('a cross-origin form POST is refused', async ({ request }) => {
		const response = await request.post(baseURL() + '/login', {
			form: { name: OPERATOR.name, password: OPERATOR.password },
			headers: { origin: 'http://evil.example' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
		expect(response.headers()['set-cookie']).toBeUndefined();
	});

	test('the language switch changes the visible text and is remembered for the user', async ({ page }) => {
		await page.goto(baseURL() + '/login');
		await page.getByRole('button', { name: 'Español' }).click();
		await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'es');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

		await signIn(page, 'alice', 'alice mediates disputes');
		await page.getByRole('button', { name: 'Español' }).click();
		await expect(page.getByRole('navigation').getByRole('link', { name: 'Disputas' })).toBeVisible();
		await signOut(page);
		await page.context().clearCookies();
		await signIn(page, 'alice', 'alice mediates disputes');
		await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
	});

	test('responses carry the security headers', async ({ request }) => {
		const response = await request.get(baseURL() + '/login');
		const headers = response.headers();
		expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(headers['content-security-policy']).not.toMatch(/https?:\/\//);
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('no-referrer');
	});
});
