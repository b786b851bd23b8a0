// Bench: the soak (issue 15, "Soak"). Runs the sandbox (sim/sandbox) with a fast trickle — a new
// dispute every 2 s, traders chatting and sending files — and the console's runtime as a child
// process (bench/soak/console-child.ts) worked by a scripted mediator team (take, chat, import
// evidence, propose, approve; bench/soak/mediator-team.ts) for `--minutes N` (default 10), while
// killing the console with SIGKILL and cutting the console's relay (tests/helpers/relay-cut.ts) at
// random intervals. Then it lets everything drain and prints the invariants (bench/soak/
// invariants.ts). A benchmark, not a test: CI does not run it; exit code 1 when an invariant fails.
// Run: npm run bench:soak -- --minutes 2 [--seed S] [--keep]
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { startSandbox } from '../sim/sandbox/index.ts';
import { ConsoleHandle } from './soak/console-handle.ts';
import { ConsoleDb } from './soak/console-db.ts';
import { startRelayCut } from '../tests/helpers/relay-cut.ts';
import { MediatorTeam, type Mediator } from './soak/mediator-team.ts';
import { allChecks, messagesOnce, type RunFacts } from './soak/invariants.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, seed: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
	console.error('--minutes must be a positive number');
	process.exit(2);
}
const runMs = minutes * 60_000;
const seed = values.seed ?? `soak-${Date.now()}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniform = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const t0 = Date.now();
const clock = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s`;
const say = (line: string) => console.log(`[${clock()}] ${line}`);

const root = mkdtempSync(join(tmpdir(), 'mm-soak-'));
const sandboxLog = join(root, 'sandbox.log');
writeFileSync(sandboxLog, '');
say(`soak for ${minutes} min, seed ${seed}, data in ${root}`);

const sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed, disputes: 0, trickleEveryMs: 2000, trickleConcurrency: 2, replyDelayMs: 200, log: (l) => appendFileSync(sandboxLog, `${l}\n`) });
const relay = await startRelayCut(sandbox.relayUrl);
const console_ = new ConsoleHandle({ dataDir: join(root, 'console'), nodePubkey: sandbox.nodePubkey, relays: [relay.url], blobUrl: sandbox.blobUrl });
await console_.start();
const team = await console_.request<Mediator[]>('setup', { nodeSecret: sandbox.nodeSecretKey }, 120_000);
const db = new ConsoleDb(console_.options.dataDir);
const mediators = new MediatorTeam(console_, db, team);
say(`console up (pid ${console_.pid}), mediators ${team.map((m) => m.name).join(', ')}`);

// RSS samples of the console child with the age of its process.
const samples: Array<{ at: number; age: number; rss: number }> = [];
let startedAt = Date.now();
const chaos = { consoleKills: 0, relayCuts: 0, relayDownMs: 0, consoleDownMs: 0 };
let nextKill = Date.now() + uniform(20_000, 60_000);
let nextCut = Date.now() + uniform(30_000, 80_000);
let lastReport = 0;

async function restartConsole(): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await console_.start();
			startedAt = Date.now();
			return;
		} catch (e) {
			say(`console start failed (attempt ${attempt}): ${(e as Error).message.slice(0, 300)}`);
			if (attempt >= 5) throw e;
			await pause(2000);
		}
	}
}

const deadline = t0 + runMs;
while (Date.now() < deadline) {
	sandbox.disputes().forEach((d, i) => mediators.handle(d.disputeId, i));
	if (!console_.up) {
		const crash = console_.crashes.at(-1);
		say(`console exited by itself (code ${crash?.code}, signal ${crash?.signal}); restarting. Its last output:\n${crash?.output ?? ''}`);
		await restartConsole();
	}
	const rss = console_.rss();
	if (rss !== null) samples.push({ at: Date.now() - t0, age: Date.now() - startedAt, rss });
	if (Date.now() >= nextKill && Date.now() < deadline - 20_000) {
		chaos.consoleKills++;
		await console_.kill('SIGKILL');
		const down = uniform(1000, 5000);
		say(`console killed (SIGKILL #${chaos.consoleKills}); restarting in ${(down / 1000).toFixed(1)} s`);
		await pause(down);
		const before = Date.now();
		await restartConsole();
		chaos.consoleDownMs += down + (Date.now() - before);
		nextKill = Date.now() + uniform(20_000, 60_000);
	}
	if (Date.now() >= nextCut && Date.now() < deadline - 20_000) {
		chaos.relayCuts++;
		const down = uniform(3000, 20_000);
		say(`relay cut #${chaos.relayCuts} for ${(down / 1000).toFixed(1)} s`);
		await relay.cut();
		setTimeout(() => void relay.restore().then(() => say('relay back')), down);
		chaos.relayDownMs += down;
		nextCut = Date.now() + down + uniform(30_000, 80_000);
	}
	if (Date.now() - lastReport >= 30_000) {
		lastReport = Date.now();
		const s = mediators.stats;
		say(`published ${sandbox.disputes().length}, taken ${s.taken}, imported ${s.imported}, approved ${s.approved}, errors ${s.errors}, console RSS ${rss ? mib(rss) : 'down'}`);
	}
	await pause(1000);
}

say('run over: stopping the trickle and letting everything drain');
await sandbox.stopTrickle();
await relay.restore();
if (!console_.up) await restartConsole();
sandbox.disputes().forEach((d, i) => mediators.handle(d.disputeId, i));
await mediators.drain(300_000);
await mediators.stop(30_000);
// Every responder at once (bounded): one by one this took 10 s per busy trader, minutes in all.
await Promise.race([Promise.all(sandbox.scenarios().flatMap((r) => [r.buyer.responder.idle(), r.seller.responder.idle()])), pause(30_000)]);
await console_.request('settled', {}, 60_000).catch(() => undefined);

const warmEnd = Math.max(60_000, runMs * 0.2);
const warm = samples
	.filter((s) => s.age >= 30_000 && s.at <= warmEnd)
	.map((s) => s.rss)
	.sort((a, b) => a - b);
const warmFallback = samples.find((s) => s.age >= 30_000)?.rss ?? null;
// The sandbox relay's own database, read-only: whether a party's unconfirmed publish reached it.
const relayDb = new DatabaseSync(join(root, 'sandbox', 'relay.sqlite'), { readOnly: true });
const relayHeld = new Map<string, boolean>();
const facts: RunFacts = {
	published: sandbox.disputes(),
	scenarios: sandbox.scenarios(),
	node: sandbox.node,
	archive: { total: 0, served: 0, missing: [] },
	audit: { ok: false, verdict: 'not run' },
	rss: { warmup: warm.length ? (warm[Math.floor(warm.length / 2)] as number) : warmFallback, end: null },
	relayHas: (id) => {
		let held = relayHeld.get(id);
		if (held === undefined) relayHeld.set(id, (held = relayDb.prepare('SELECT 1 AS x FROM events WHERE id = ?').get(id) !== undefined));
		return held;
	}
};
// Messages still in flight on the relay: wait (bounded) until the console stored what the parties sent.
for (let i = 0; i < 60 && !messagesOnce(db, facts).ok; i++) await pause(1000);
// A decision the node dropped as stale (older than 10 s on arrival) is sent again by the console on
// its own schedule (decision-resender.ts: 30 s after "no answer", the pause doubling): give it
// time, with the node still up, before the checks (bounded; what is left open fails the check).
const unanswered = () => Number(db.one<{ n: number }>("SELECT count(*) AS n FROM decisions d JOIN action_journal j ON j.request_id = d.request_id WHERE d.state = 'executed' AND j.state IN ('sent', 'no-answer')")?.n ?? 0);
for (let i = 0; i < 48 && unanswered() > 0; i++) await pause(5000);
say(`executed decisions still without an answer before the checks: ${unanswered()}`);
facts.rss.end = console_.rss();
const endAge = Date.now() - startedAt;

// A fetch that failed (the blob host is slow under this load) is retried by the console on its own
// schedule (scanned every minute; a failed blob waits 5 min × its attempts). After a minute with the
// host still up, the ones still failed are opened as a mediator would (and counted) before the host goes.
type ArchiveCounts = { archived: number; failed: number; pending: number };
let counts: ArchiveCounts | null = null;
for (let i = 0; i < 40; i++) {
	counts = await console_.request<ArchiveCounts>('archive-status', {}, 60_000).catch(() => null);
	if (counts && counts.failed + counts.pending === 0) break;
	if (i === 12 && counts && counts.failed > 0) {
		const opened = await console_.request<{ opened: number; fetched: number }>('archive-open-failed', {}, 120_000).catch(() => null);
		say(`attachments whose fetch had failed, opened as a mediator would (the view fetches at once): ${JSON.stringify(opened)}`);
	}
	await pause(5000);
}
say(`archive before the blob host goes: ${JSON.stringify(counts)}`);

// The node's answers are read now; then the sandbox (relay, node, blob host) goes away and every
// attachment must still come from the console's archive.
const nodeStatus = new Map(facts.published.map((d) => [d.disputeId, sandbox.node.dispute(d.disputeId)?.status]));
facts.node = { dispute: (id: string) => (nodeStatus.has(id) ? { status: nodeStatus.get(id) } : undefined) } as unknown as RunFacts['node'];
// Asked now, while the relay is up (the checks run after it stopped).
for (const r of facts.scenarios) for (const id of [...r.buyer.responder.unconfirmed, ...r.seller.responder.unconfirmed]) facts.relayHas(id);
const memory = await console_.request<Record<string, number>>('memory', {}, 30_000).catch(() => null);
await sandbox.stop();
facts.archive = await console_.request('archive', {}, 300_000);
facts.audit = await console_.request('audit', {}, 300_000);
const checks = allChecks(db, facts);
const count = (sql: string) => Number(db.one<{ n: number }>(sql)?.n ?? 0);

const s = mediators.stats;
console.log('\n=== soak results ===');
console.log(`duration            ${minutes} min (+ drain ${((Date.now() - deadline) / 1000).toFixed(0)} s), seed ${seed}`);
console.log(`disputes            published ${facts.published.length}, taken ${s.taken}, evidence imported ${s.imported}, proposed ${s.proposed}, approved ${s.approved}`);
console.log(
	`load average        ${loadavg()
		.map((x) => x.toFixed(2))
		.join(' ')} (1, 5, 15 min) at the end; ${cpus().length} cores`
);
console.log(
	`chat                ${count("SELECT count(*) AS n FROM chat_messages WHERE direction = 'in'")} party messages, ${count("SELECT count(*) AS n FROM chat_messages WHERE direction = 'out'")} mediator messages, ${facts.archive.total} attachments`
);
console.log(`chaos               console SIGKILL ×${chaos.consoleKills} (down ${(chaos.consoleDownMs / 1000).toFixed(0)} s), relay cut ×${chaos.relayCuts} (down ${(chaos.relayDownMs / 1000).toFixed(0)} s)`);
console.log(`team                ${s.errors} command errors (console down, relay cut, refusals); ${s.resent} chat lines sent again; gave up: ${JSON.stringify(s.gaveUp)}; refused: ${JSON.stringify(s.refused)}`);
if (s.lastErrors.length) console.log(`last errors         ${s.lastErrors.slice(-3).join(' | ')}`);
console.log(`console crashes     ${console_.crashes.length} exits the benchmark did not cause`);
if (memory)
	console.log(
		`console memory      heap used ${mib(memory.heapUsed ?? 0)} of ${mib(memory.heapTotal ?? 0)}, external ${mib(memory.external ?? 0)}, array buffers ${mib(memory.arrayBuffers ?? 0)}, RSS ${mib(memory.rss ?? 0)} (before the checks)`
	);
console.log(`console RSS         max ${mib(Math.max(...samples.map((x) => x.rss)))}; final process age ${(endAge / 1000).toFixed(0)} s`);
for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);

db.close();
relayDb.close();
await console_.kill('SIGTERM');
await relay.close();
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`kept ${root}`);
process.exit(checks.every((c) => c.ok) ? 0 : 1);
