// Polls a condition with a bounded number of tries; fails with a message instead of hanging.
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 5000, stepMs = 25): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value as NonNullable<T>;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, stepMs));
	}
}
