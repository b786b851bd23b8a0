// Whether to show the sandbox banner: `npm start` launched this process as the sandbox
// (config.sandbox.launchedNode) and the console still follows that node (an operator may have
// switched to a real node on the Settings page since). Read-only; the banner is all it decides.
import type { Config } from '../config.ts';

export interface SandboxView {
	config: Pick<Config, 'sandbox'>;
	engine: { readonly nodePubkey: string | null };
}

export function isSandboxActive(runtime: SandboxView): boolean {
	const launched = runtime.config.sandbox.launchedNode;
	return launched !== null && runtime.engine.nodePubkey === launched;
}
