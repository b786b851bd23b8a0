// The escrow deadline of a held trade invoice (PRODUCT.md capability 7; MOSTROD.md §5.3, §5.4,
// §8.3): blocks and estimated hours until the HTLC's CLTV expiry, and until the daemon's own
// safety margin (escrow_deadline_margin_blocks, default 24), at ~10 minutes per block. Pure.
export const MINUTES_PER_BLOCK = 10;
export const DAEMON_MARGIN_BLOCKS = 24;
/** Under this many hours the countdown is shown in the warning colour. */
export const WARNING_HOURS = 6;

export interface EscrowDeadline {
	blocksLeft: number;
	hoursLeft: number;
	marginBlocksLeft: number;
	marginHoursLeft: number;
	/** Estimated unix seconds of the expiry (what the board sorts by). */
	expiresAt: number;
	/** Estimated unix seconds the daemon's safety margin starts (it acts on the escrow from then). */
	marginStartsAt: number;
	warning: boolean;
}

export function escrowDeadline(expiryHeight: number, currentHeight: number, nowMs: number, marginBlocks = DAEMON_MARGIN_BLOCKS): EscrowDeadline {
	const blocksLeft = expiryHeight - currentHeight;
	const hours = (blocks: number) => Math.round(((blocks * MINUTES_PER_BLOCK) / 60) * 10) / 10;
	const hoursLeft = hours(blocksLeft);
	return {
		blocksLeft,
		hoursLeft,
		marginBlocksLeft: blocksLeft - marginBlocks,
		marginHoursLeft: hours(blocksLeft - marginBlocks),
		expiresAt: Math.floor(nowMs / 1000) + blocksLeft * MINUTES_PER_BLOCK * 60,
		marginStartsAt: Math.floor(nowMs / 1000) + (blocksLeft - marginBlocks) * MINUTES_PER_BLOCK * 60,
		warning: hoursLeft < WARNING_HOURS
	};
}
