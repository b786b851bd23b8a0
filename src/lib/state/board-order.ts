// Browser-only memory of the board list the mediator last saw (dispute ids in row order), so
// the case page can move to the next or previous case of that list. Kept per tab in
// sessionStorage; never holds anything but public dispute ids.
const STORAGE_KEY = 'mm.board-order';
const MAX_IDS = 200;

export function rememberBoardOrder(ids: readonly string[]): void {
	try {
		sessionStorage.setItem(STORAGE_KEY, JSON.stringify(ids.slice(0, MAX_IDS)));
	} catch {
		// Storage refused (private mode, quota): next/previous is simply unavailable.
	}
}

function boardOrder(): string[] {
	try {
		const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
		return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
	} catch {
		return [];
	}
}

/** The dispute `step` rows after (1) or before (−1) `id` in the remembered list; null at an end or when unknown. */
export function neighbourOf(id: string, step: 1 | -1, ids: readonly string[] = boardOrder()): string | null {
	const index = ids.indexOf(id);
	if (index === -1) return null;
	return ids[index + step] ?? null;
}
