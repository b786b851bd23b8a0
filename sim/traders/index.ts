// Public entry of the simulated traders (see scenarios.ts and dispute-responder.ts for the
// contracts): traders, the crowd that keeps their listeners alive, scenario runners, the
// scripted-reply triggers and the sample evidence files.
export { createTrader, readNodeTransport, Trader } from './trader.ts';
export type { TraderOptions, Privacy } from './trader.ts';
export { TraderCrowd } from './trader-crowd.ts';
export type { CrowdOptions } from './trader-crowd.ts';
export { TraderNet } from './trader-net.ts';
export { NodeInbox, sendToNode } from './node-inbox.ts';
export type { NodeLink, NodeDm } from './node-inbox.ts';
export { ChatSession } from './chat-session.ts';
export type { ChatLine, ChatGeneration } from './chat-session.ts';
export { DisputeResponder } from './dispute-responder.ts';
export type { DisclosedKeyKind, ProofFile, ResponderPlan, SentReply } from './dispute-responder.ts';
export { runDisputeScenario, resumeDisputeScenario, SCENARIOS } from './scenarios.ts';
export type { ScenarioName, ScenarioOptions, ScenarioResult, ScenarioContext, NodeControl, PartySetup, PartyHandle } from './scenarios.ts';
export { releaseBySeller, cooperativeCancel } from './party-closings.ts';
export { runOrderDance } from './order-dance.ts';
export { runTradeChat } from './trade-chat.ts';
export { CHAT_KEY_TRIGGERS, PROOF_TRIGGERS, classifySolverMessage } from './reply-scripts.ts';
export type { Language, Role, Persona, OrderFacts } from './reply-scripts.ts';
export { buildSamplePng, buildSamplePdf } from './sample-files.ts';
export { buildAttachmentMessage } from './attachment-upload.ts';
export { deriveKey } from './trader-keys.ts';
export type { Key } from './trader-keys.ts';
