// Bench: Lighthouse 12 (desktop preset) on the built console's board and case page, signed in,
// with the sandbox `npm start` brings up (a taken dispute with a chat message to the buyer):
// the performance, accessibility and best-practices scores and the JavaScript transferred per
// page, median of BENCH_PAGES_RUNS runs (default 3) by performance. Prints the numbers and adds
// a row per page to the `pages` table in bench/README.md. Builds nothing: run `npx vite build`
// first. Run: npm run bench:pages. It measures; it never fails on a score.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumPath } from '../tests/chromium.ts';
import { startConsoleViaNpmStart } from '../tests/e2e/server.ts';

const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
const README = join(import.meta.dirname, 'README.md');
const ROWS_MARKER = '<!-- bench:pages rows -->';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

interface Measured {
	page: string;
	performance: number;
	accessibility: number;
	bestPractices: number;
	scriptKiB: number;
	scriptRequests: number;
	totalKiB: number;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	shortfalls: string[];
}

interface LhrAudit {
	id: string;
	title: string;
	score: number | null;
	scoreDisplayMode: string;
	numericValue?: number;
	details?: { items?: Array<Record<string, unknown>> };
}
interface Lhr {
	categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
	audits: Record<string, LhrAudit>;
	runtimeError?: { code: string; message: string };
}

function startChromium(): Promise<{ port: number; child: ChildProcess; profile: string }> {
	const profile = mkdtempSync(join(tmpdir(), 'mm-bench-chromium-'));
	const flags = [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-quic',
		'--no-first-run',
		'--remote-debugging-port=0',
		`--user-data-dir=${profile}`,
		'about:blank'
	];
	const child = spawn(chromiumPath, flags, { stdio: ['ignore', 'ignore', 'pipe'] });
	return new Promise((resolve, reject) => {
		let err = '';
		const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 20_000);
		child.stderr?.on('data', (chunk) => {
			err += chunk;
			const port = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err)?.[1];
			if (port) {
				clearTimeout(timer);
				resolve({ port: Number(port), child, profile });
			}
		});
		child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
	});
}

async function post(baseURL: string, path: string, form: Record<string, string>, cookie = ''): Promise<Response> {
	return fetch(baseURL + path, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams(form)
	});
}

/** Takes the dispute (retrying until the sandbox node answers) and writes to the buyer, so the case page has a chat. */
async function prepareCase(baseURL: string, cookie: string, disputeId: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const body = await (await post(baseURL, `/disputes/${disputeId}?/take`, {}, cookie)).text();
		if (/\b(acknowledged|reconciled)\b/.test(body)) break;
		if (Date.now() > deadline) {
			console.warn(`the take did not go through; measuring the case page untaken (${body.slice(0, 200)})`);
			return;
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	await post(baseURL, `/disputes/${disputeId}?/send`, { party: 'buyer', text: 'Hello, I am the mediator for this dispute. Please send proof of the fiat payment.' }, cookie);
	await new Promise((r) => setTimeout(r, 5000));
}

function kib(bytes: number): number {
	return Math.round(bytes / 102.4) / 10;
}

function measure(page: string, origin: string, lhr: Lhr): Measured {
	const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
	// The console's own responses only: Chromium's built-in PDF viewer (the chat's inline PDF) loads
	// its own scripts from chrome-extension:// URLs, which are not the console's JavaScript.
	const requests = ((lhr.audits['network-requests']?.details?.items ?? []) as Array<{ url: string; resourceType?: string; transferSize?: number }>).filter((r) => r.url.startsWith(origin));
	const scripts = requests.filter((r) => r.resourceType === 'Script');
	const bytes = (list: typeof requests) => list.reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
	const shortfalls = CATEGORIES.flatMap((category) =>
		(lhr.categories[category]?.auditRefs ?? [])
			.filter((ref) => ref.weight > 0)
			.map((ref) => lhr.audits[ref.id])
			.filter((audit): audit is LhrAudit => !!audit && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
			.map((audit) => `below 100 — ${category}: ${audit.id} (${audit.title}) ${Math.round((audit.score ?? 0) * 100)}`)
	);
	// Not scored (weight 0), but worth knowing: why the page cannot come back from the back/forward cache.
	const bfcache = ((lhr.audits['bf-cache']?.details?.items ?? []) as Array<{ reason?: string }>).map((item) => `not scored — bf-cache: ${item.reason ?? '?'}`);
	return {
		page,
		performance: score('performance'),
		accessibility: score('accessibility'),
		bestPractices: score('best-practices'),
		scriptKiB: kib(bytes(scripts)),
		scriptRequests: scripts.length,
		totalKiB: kib(bytes(requests)),
		lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
		tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
		cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
		shortfalls: [...shortfalls, ...bfcache]
	};
}

function writeRows(results: Measured[]): void {
	const text = readFileSync(README, 'utf8');
	if (!text.includes(ROWS_MARKER)) throw new Error(`bench/README.md has no ${ROWS_MARKER} line`);
	const date = new Date().toISOString().slice(0, 10);
	const rows = results.map((r) => `| ${date} | ${r.page} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.scriptKiB} KiB (${r.scriptRequests}) | ${r.totalKiB} KiB | ${r.lcpMs} ms | ${r.tbtMs} ms | ${r.cls} |`);
	writeFileSync(README, text.replace(ROWS_MARKER, [ROWS_MARKER, ...rows].join('\n')));
}

const server = await startConsoleViaNpmStart({ MEDIATOR_SANDBOX_TRICKLE_MS: '0', MEDIATOR_SANDBOX_DISPUTES: '3' });
let chromium: Awaited<ReturnType<typeof startChromium>> | undefined;
// Interrupted (Ctrl+C): the console and Chromium this run started end with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		chromium?.child.kill('SIGKILL');
		server.process.kill('SIGKILL');
		process.exit(130);
	});
}
try {
	const token = new URL(server.setupUrl ?? '').searchParams.get('token') ?? '';
	const setup = await post(server.baseURL, '/setup', { token, name: 'bench', password: 'a long bench password', confirm: 'a long bench password' });
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	if (!cookie.startsWith('mm_session=')) throw new Error(`setup failed: ${setup.status}`);
	const state = JSON.parse(readFileSync(join(server.dataDir, 'sandbox', 'sandbox-state.json'), 'utf8')) as { seeded: Array<{ disputeId: string; outcome: string }> };
	const open = state.seeded.find((d) => d.outcome === 'open');
	if (!open) throw new Error('the sandbox seeded no open dispute');
	await prepareCase(server.baseURL, cookie, open.disputeId);

	chromium = await startChromium();
	const pages = [
		{ page: 'board', path: '/disputes' },
		{ page: 'case', path: `/disputes/${open.disputeId}` }
	];
	const results: Measured[] = [];
	for (const { page, path } of pages) {
		const runs: Measured[] = [];
		for (let i = 0; i < RUNS; i++) {
			// Lighthouse now and then loses the trace on a busy machine (NO_NAVSTART): such a run is tried again, twice at most.
			for (let attempt = 1; ; attempt++) {
				const result = await lighthouse(server.baseURL + path, { port: chromium.port, logLevel: 'error', output: 'json', onlyCategories: CATEGORIES, extraHeaders: { cookie } }, desktopConfig);
				const lhr = result?.lhr as unknown as Lhr | undefined;
				if (lhr && !lhr.runtimeError) {
					runs.push(measure(page, server.baseURL, lhr));
					break;
				}
				if (attempt === 3) throw new Error(`${page}: ${lhr?.runtimeError?.message ?? 'Lighthouse returned nothing'}`);
				console.warn(`${page}: run ${i + 1} failed (${lhr?.runtimeError?.code ?? 'no result'}), again`);
			}
		}
		runs.sort((a, b) => a.performance - b.performance);
		const median = runs[Math.floor(runs.length / 2)]!;
		results.push(median);
		console.log(
			`${page}: performance ${median.performance} (runs: ${runs.map((r) => r.performance).join(', ')}), accessibility ${median.accessibility}, best practices ${median.bestPractices}, JavaScript ${median.scriptKiB} KiB in ${median.scriptRequests} requests, total ${median.totalKiB} KiB, LCP ${median.lcpMs} ms, TBT ${median.tbtMs} ms, CLS ${median.cls}`
		);
		for (const line of median.shortfalls) console.log(`  ${line}`);
	}
	writeRows(results);
	console.log('written to bench/README.md');
} finally {
	chromium?.child.kill('SIGKILL');
	if (chromium) rmSync(chromium.profile, { recursive: true, force: true });
	await server.stop();
}
