// Whether the console is running against the sandbox right now: `npm start` handed over a
// sandbox node and the console still follows that node (an operator may have switched to a
// real node on the Settings page since). Read-only; never exposes the node key.
import type { Config } from '../config.ts';

export interface SandboxView {
	config: Pick<Config, 'sandbox'>;
	engine: { readonly nodePubkey: string | null };
}

export function isSandboxActive(runtime: SandboxView): boolean {
	const { sandbox } = runtime.config;
	return sandbox.enabled && sandbox.nodePubkey !== null && runtime.engine.nodePubkey === sandbox.nodePubkey;
}
