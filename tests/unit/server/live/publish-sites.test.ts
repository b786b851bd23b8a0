// Who may push to the live hub directly (issue 13): commands emit typed domain events and the
// live subscriber turns them into live messages after the commit. Only the intake and the engine
// (whose writes are already committed when they publish, and which run without the rest of the
// services in their own tests), the live subscriber itself and the PostgreSQL fan-out (which
// republishes what another replica's hub already published) call `publish`/`publishTo`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const ALLOWED = ['src/lib/server/mostro/intake.ts', 'src/lib/server/mostro/engine.ts', 'src/lib/server/live/live-subscriber.ts', 'src/lib/server/live/hub.ts', 'src/lib/server/live/pg-fanout.ts'];
const DIRECT = /\b(live|#live|hub)\s*\.\s*(publish|publishTo)\s*\(/;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|svelte)$/.test(name) ? [path] : [];
	});
}

describe('live hub publishers', () => {
	it('only the intake, the engine and the live subscriber publish to the hub directly', () => {
		const offenders = sourceFiles(join(ROOT, 'src'))
			.map((path) => relative(ROOT, path).split(sep).join('/'))
			.filter((path) => !ALLOWED.includes(path))
			.filter((path) => DIRECT.test(readFileSync(join(ROOT, path), 'utf8')));
		expect(offenders).toEqual([]);
	});

	it('catches a direct publish', () => {
		expect(DIRECT.test("this.#services.live.publish('chat', { disputeId })")).toBe(true);
		expect(DIRECT.test('services.live.publishTo(userId, "notice", {})')).toBe(true);
		expect(DIRECT.test('await engine.publish(event)')).toBe(false);
	});
});
