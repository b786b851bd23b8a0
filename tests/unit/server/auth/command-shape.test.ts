// The command rule of src/lib/server/auth/actor.ts, proved on the source: every server command
// that acts for a person is `command(services, actor, subjectId, input)` with the one Actor
// type, and no route (page action, load, API handler) builds an actor by hand or writes the
// audit log itself: routes get the request's actor from requireActor / apiActor.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const SERVER = join(ROOT, 'src/lib/server');

/** Every command, by module (relative to src/lib/server). */
const COMMANDS: Record<string, string[]> = {
	'mostro/actions/take-dispute.ts': ['executeTake'],
	'mostro/actions/decide.ts': ['decide', 'reviewDecision'],
	'mostro/actions/add-solver.ts': ['executeAddSolver'],
	'vault/solver-keys.ts': ['createSolverKey'],
	'vault/node-key.ts': ['forgetNodeKey'],
	'evidence/key-import.ts': ['importEvidenceKey', 'refreshEvidence'],
	'evidence/bundle-export.ts': ['exportEvidenceBundle', 'buildEvidenceBundle'],
	'evidence/case-record-export.ts': ['exportCaseRecord'],
	'evidence/transcript-view.ts': ['loadEvidence'],
	'evidence/evidence-attachments.ts': ['openEvidenceAttachment'],
	'mostro/dispute-chat/chat-send.ts': ['sendChatText'],
	'mostro/dispute-chat/attachment-files.ts': ['sendChatFile', 'openChatAttachment'],
	'lightning/lnd-settings-actions.ts': ['saveLndForm', 'clearLndForm'],
	'audit/publish-setting.ts': ['setCheckpointPublishing'],
	'mostro/decision-settings.ts': ['setFourEyesSats'],
	'mostro/assistant-key-setting.ts': ['setConfiguredAssistantKey'],
	'mostro/node-settings.ts': ['changeNodeConnection'],
	'users/accounts.ts': ['createUser', 'changeRole', 'setDisabled', 'resetPassword', 'changeOwnPassword', 'setPreferences'],
	'auth/api-tokens.ts': ['createApiToken', 'revokeApiToken'],
	'auth/second-factor.ts': ['enrolTotp'],
	'auth/sessions.ts': ['signOut'],
	'users/notices.ts': ['dismissNotice'],
	'users/newcomer-guide.ts': ['dismissNewcomerGuide'],
	'reports/report-csv.ts': ['exportReportCsv'],
	'templates/template-commands.ts': ['createMessageTemplate', 'updateMessageTemplate', 'deleteMessageTemplate'],
	'case-notes/case-notes.ts': ['addCaseNote'],
	'case-notes/handovers.ts': ['offerHandover', 'withdrawHandover']
};

interface Signature {
	params: Array<{ name: string; type: string }>;
}

function exportedFunctions(file: string): Map<string, Signature> {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const found = new Map<string, Signature>();
	for (const node of source.statements) {
		if (!ts.isFunctionDeclaration(node) || !node.name) continue;
		if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
		found.set(node.name.text, { params: node.parameters.map((p) => ({ name: p.name.getText(source), type: p.type?.getText(source) ?? '' })) });
	}
	return found;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && pattern.test(entry.name))
		.map((entry) => join(entry.parentPath, entry.name));
}

describe('the command shape', () => {
	for (const [module, names] of Object.entries(COMMANDS)) {
		const functions = exportedFunctions(join(SERVER, module));
		for (const name of names) {
			it(`${name} (${module}) is (services, actor, subjectId, …)`, () => {
				const signature = functions.get(name);
				expect(signature, `${name} is exported`).toBeDefined();
				const [services, actor, subject] = signature!.params;
				expect(services?.name, 'the first parameter is the services').toMatch(/^(services|runtime|ctx|\{[^}]*\})$/);
				expect(actor?.type, 'the second parameter is the one Actor type').toMatch(/^(Actor|PersonActor)$/);
				expect(subject?.type, 'the third parameter is the subject id, or null').toMatch(/^(string|number|null)$/);
			});
		}
	}
});

/** Object literals with a user id and a display name: an actor built by hand. */
const HAND_MADE_ACTOR = /\{[^{}]*\buserId\s*[:,}][^{}]*\b(label|name)\s*:[^{}]*\}/;
/** Ways of building an actor or bypassing commands that belong to the guard, the hook or a command. */
const FORBIDDEN_IN_ROUTES = /\b(actorOf|personActor|systemActor|appendAudit|recordAudit)\s*\(/;

describe('routes take the request actor', () => {
	const routes = filesUnder(join(ROOT, 'src/routes'), /\.(ts|js)$/);

	it('finds the routes to check', () => {
		expect(routes.length).toBeGreaterThan(20);
	});

	it.each(routes.map((file) => [relative(ROOT, file), file]))('%s builds no actor and writes no audit entry itself', (_name, file) => {
		const text = readFileSync(file, 'utf8');
		expect(text).not.toMatch(HAND_MADE_ACTOR);
		expect(text).not.toMatch(FORBIDDEN_IN_ROUTES);
		expect(text).not.toMatch(/\bAuditActor\b/);
	});

	it('the rule catches what it is meant to catch', () => {
		expect('await cmd(db, { userId: user.id, label: user.name }, x)').toMatch(HAND_MADE_ACTOR);
		expect('send({ ...actorOf(user), userId: user.id }, id)').toMatch(FORBIDDEN_IN_ROUTES);
		expect('const x = { userId, name: "olga" }').toMatch(HAND_MADE_ACTOR);
		expect('await cmd(getRuntime(), actor, params.id, input)').not.toMatch(HAND_MADE_ACTOR);
	});
});

describe('the old actor shapes are gone', () => {
	it.each(filesUnder(SERVER, /\.ts$/).map((file) => [relative(ROOT, file), file]))('%s uses no AuditActor or { userId, label } actor', (_name, file) => {
		const text = readFileSync(file, 'utf8');
		expect(text).not.toMatch(/\bAuditActor\b/);
		expect(text).not.toMatch(/\{[^{}]*\buserId\b[^{}]*\blabel\s*:[^{}]*\}/);
	});
});
