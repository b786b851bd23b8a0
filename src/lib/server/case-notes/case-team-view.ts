// What the case page shows of the team's work on one dispute (issue 17): its private notes, its
// hand-overs, and for the viewer: may they write notes, the colleagues they may hand the case to
// (holders only), an open offer made to them, and whether they handed it on and who has it now.
// Reads only.
import type { MostroServices } from '../mostro/services.ts';
import type { PersonActor } from '../auth/actor.ts';
import { can } from '../../access/access-rules.ts';
import { readDisputeInfo } from '../cases/dispute-info.ts';
import { canSignWithNodeKey } from './operator-takeover.ts';
import { listCaseNotes, type CaseNote } from './case-notes.ts';
import { listHandoverCandidates, listHandovers, type Handover, type HandoverCandidate } from './handovers.ts';

export interface CaseTeamView {
	notes: CaseNote[];
	handovers: Handover[];
	canWriteNotes: boolean;
	/** Colleagues the viewer may hand the case to; empty unless the viewer holds it. */
	candidates: HandoverCandidate[];
	/** The open offer, whoever it is for. */
	open: Handover | null;
	/** The open offer is to the viewer. */
	handedToMe: boolean;
	/** The viewer handed this case on and the colleague took it: who has it now. */
	handedOnTo: string | null;
	/** The console holds the node's key (the operator route can be used here). */
	nodeKeyHeld: boolean;
	/** The viewer is an operator who may take the open operator-route offer over with the node key now. */
	operatorCanAct: boolean;
	/** On the node the node's own key holds this case (after the operator route): no solver key can take it from there. */
	heldByNodeKey: boolean;
}

export async function loadCaseTeam(services: Pick<MostroServices, 'db' | 'engine' | 'launcherNodeKey'>, viewer: PersonActor, disputeId: string, holderUserId: number | null): Promise<CaseTeamView> {
	const { db } = services;
	const [notes, handovers, nodeKeyHeld, info] = await Promise.all([listCaseNotes(db, disputeId), listHandovers(db, disputeId), canSignWithNodeKey(services), readDisputeInfo(db, disputeId)]);
	const nodePubkey = services.engine.nodePubkey;
	const heldByNodeKey = holderUserId !== null && info.state === 'ok' && nodePubkey !== null && info.solverPubkey === nodePubkey;
	const isHolder = holderUserId === viewer.userId;
	const candidates = isHolder && can(viewer.role, 'mediate') ? await listHandoverCandidates(services, viewer.userId, disputeId) : [];
	const open = handovers.find((h) => h.state === 'offered') ?? null;
	const last = handovers.at(-1) ?? null;
	const handedOnTo = !isHolder && last?.state === 'taken' && last.fromUserId === viewer.userId && holderUserId === last.toUserId ? last.toName : null;
	const operatorCanAct = nodeKeyHeld && can(viewer.role, 'manage_solvers') && open?.route.route === 'operator' && open.fromUserId === holderUserId;
	return { notes, handovers, canWriteNotes: can(viewer.role, 'mediate'), candidates, open, handedToMe: open?.toUserId === viewer.userId, handedOnTo, nodeKeyHeld, operatorCanAct, heldByNodeKey };
}
