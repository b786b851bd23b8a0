// Public entry of the sandbox launcher (see sandbox.ts for the contract).
export { startSandbox } from './sandbox.ts';
export type { Sandbox, SandboxOptions } from './sandbox.ts';
export type { DisputeRecord } from './sandbox-state.ts';
export { SEED_PLAN, OUTCOME_STATUS, plannedDispute, trickleDispute } from './seed-plan.ts';
export type { Outcome, PlannedDispute } from './seed-plan.ts';
