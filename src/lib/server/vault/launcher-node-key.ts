// A node key held in this process's memory for the console by whatever launched it together
// with the node itself: `npm start` runs its simulated node in the same process and hands the
// node's key over once the server started, so the Solvers page registers solver keys without
// the operator pasting a key they were never shown (MOSTROD.md §4). It signs only while the
// console follows that very node; switch to another node and the pasted-or-vault rule of
// add-solver.ts applies again. Never stored, returned to a route or logged; a console started
// any other way holds none.
import { getPubkey } from '../../protocol/keys.ts';

export class LauncherNodeKey {
	#secret: Uint8Array | null = null;

	/** Keeps a copy of `secret` (the caller may wipe its own). */
	hold(secret: Uint8Array): void {
		this.#secret?.fill(0);
		this.#secret = secret.slice();
	}

	/** Whether it holds the key of `nodePubkey` (the node the console follows). */
	signsFor(nodePubkey: string | null): boolean {
		return this.#secret !== null && nodePubkey !== null && getPubkey(this.#secret) === nodePubkey;
	}

	/** A copy for one signature, which the caller must wipe; null unless it holds `nodePubkey`'s key. */
	open(nodePubkey: string | null): Uint8Array | null {
		return this.signsFor(nodePubkey) && this.#secret ? this.#secret.slice() : null;
	}

	clear(): void {
		this.#secret?.fill(0);
		this.#secret = null;
	}
}
