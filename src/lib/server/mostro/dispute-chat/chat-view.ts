// What the case page shows of the dispute chat: each party's messages (text as untrusted
// text, attachments as metadata only — never a key), delivery per relay for ours, and
// what was rejected or dropped. Opening the case as its holder marks the messages read.
import type { MostroServices } from '../services.ts';
import type { Party } from './chat-channels.ts';
import { countChatRejections, listChatMessages, markChatRead } from './chat-repository.ts';
import { countChatJunk } from './junk-tally.ts';
import { acceptedByAnyRelay } from './chat-resend.ts';
import { importedMessageIds } from '../../evidence/disclosed-message.ts';
import type { ArchiveStatus } from '../../archive/attachment-archive.ts';
import { blobHashFromUrl } from '../../../protocol/attachments.ts';

export interface ChatMessageView {
	id: number;
	direction: 'in' | 'out';
	generation: string;
	text: string;
	attachment: { filename: string; mimeType: string; size: number; image: boolean; archive: ArchiveStatus | null } | null;
	sentAt: number;
	/**
	 * Ours: how many relays accepted it. `total: 0` for a message sent from here that no relay
	 * ever confirmed (the console stopped before publishing it, or before the answers came).
	 */
	delivered: { accepted: number; total: number } | null;
	/** Ours, sent from here, accepted by no relay and kept as signed: the holder may send it again (chat-resend.ts). */
	resendable: boolean;
	unread: boolean;
	/** The chat key this message disclosed was imported (and is no longer in `text`). */
	keyImported: boolean;
	/**
	 * Ours only: who sent it. `mine` when the viewer did; `name` is the console user's name,
	 * null when it was sent under the solver key from outside this console.
	 */
	sender: { mine: boolean; name: string | null } | null;
}

export interface ChatPaneView {
	available: boolean;
	messages: ChatMessageView[];
	/** Rejected events that carried a party's (or the holder's) signature: a tampering signal. */
	rejected: Array<{ reason: string; n: number }>;
	/** Rejected events that carried no party's signature (anyone's junk), counted per reason. */
	unsigned: Array<{ reason: string; n: number }>;
	rateLimited: number;
	junk: number;
}

const RASTER_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function readAttachment(text: string | null): ChatMessageView['attachment'] {
	if (!text) return null;
	try {
		const value = JSON.parse(text) as Record<string, unknown>;
		return {
			filename: typeof value.filename === 'string' ? value.filename.slice(0, 100) : '',
			mimeType: typeof value.mime_type === 'string' ? value.mime_type.slice(0, 100) : '',
			size: typeof value.original_size === 'number' ? value.original_size : 0,
			// Only raster types are ever drawn (the server also checks the real bytes); never SVG.
			image: value.type === 'image_encrypted' && typeof value.mime_type === 'string' && RASTER_TYPES.has(value.mime_type),
			archive: null
		};
	} catch {
		return null;
	}
}

function blobUrlOf(text: string | null): string | null {
	if (!text) return null;
	try {
		const value = JSON.parse(text) as Record<string, unknown>;
		return typeof value.blossom_url === 'string' ? value.blossom_url : null;
	} catch {
		return null;
	}
}

function withArchive(attachment: ChatMessageView['attachment'], archive: ArchiveStatus | null): ChatMessageView['attachment'] {
	return attachment ? { ...attachment, archive } : null;
}

/** Receipts of a message we sent; `sentHere` rows without any were never confirmed by a relay. */
function readDelivery(text: string, sentHere: boolean): ChatMessageView['delivered'] {
	try {
		const receipts = JSON.parse(text) as Array<{ accepted?: unknown }>;
		if (Array.isArray(receipts) && receipts.length > 0) return { accepted: receipts.filter((r) => r.accepted === true).length, total: receipts.length };
	} catch {
		// Unreadable receipts: the same as none.
	}
	return sentHere ? { accepted: 0, total: 0 } : null;
}

export async function loadChat(services: MostroServices, disputeId: string, viewerId: number, holderId: number | null): Promise<Record<Party, ChatPaneView>> {
	const [rows, rejections, junk, imported] = await Promise.all([listChatMessages(services.db, disputeId), countChatRejections(services.db, disputeId), countChatJunk(services.db, disputeId), importedMessageIds(services.db, disputeId)]);
	const blobs = rows.flatMap((row) => {
		const url = blobUrlOf(row.attachment);
		const hash = url ? blobHashFromUrl(url) : null;
		return url && hash ? [{ row: row.id, hash, url }] : [];
	});
	const archive = await services.archive.status(blobs);
	const archiveOf = new Map(blobs.map((b) => [b.row, archive.get(b.hash) ?? null]));
	const senderIds = [...new Set(rows.flatMap((row) => (row.direction === 'out' && row.sent_by_user_id !== null ? [row.sent_by_user_id] : [])))];
	const names = new Map(senderIds.length ? (await services.db.selectFrom('users').select(['id', 'name']).where('id', 'in', senderIds).execute()).map((u) => [u.id, u.name] as const) : []);
	const available = { buyer: (await services.chat.channel(disputeId, 'buyer')) !== null, seller: (await services.chat.channel(disputeId, 'seller')) !== null };
	const pane = (party: Party): ChatPaneView => ({
		available: available[party],
		messages: rows
			.filter((row) => row.party === party)
			.map((row) => ({
				id: row.id,
				direction: row.direction === 'out' ? 'out' : 'in',
				generation: row.generation,
				text: row.content,
				attachment: withArchive(readAttachment(row.attachment), archiveOf.get(row.id) ?? null),
				sentAt: row.sent_at,
				delivered: row.direction === 'out' ? readDelivery(row.delivery, row.sent_by_user_id !== null) : null,
				resendable: row.direction === 'out' && row.sent_by_user_id !== null && row.outer_event !== null && !acceptedByAnyRelay(row.delivery),
				unread: row.read_at === null,
				keyImported: imported.has(row.id),
				sender: row.direction === 'out' ? { mine: row.sent_by_user_id !== null && row.sent_by_user_id === viewerId, name: row.sent_by_user_id === null ? null : (names.get(row.sent_by_user_id) ?? null) } : null
			})),
		rejected: rejections.filter((r) => r.party === party).map(({ reason, n }) => ({ reason, n })),
		unsigned: junk.filter((r) => r.party === party).map(({ reason, n }) => ({ reason, n })),
		rateLimited: services.chat.rateLimitedCount(disputeId, party),
		junk: services.chat.junkCount(disputeId, party)
	});
	const view = { buyer: pane('buyer'), seller: pane('seller') };
	if (holderId !== null && holderId === viewerId) {
		for (const party of ['buyer', 'seller'] as const) if (view[party].messages.some((m) => m.unread)) await markChatRead(services.db, disputeId, party);
	}
	return view;
}
