// Runs the flood relay in a worker thread, so a benchmark measures the console absorbing the
// flood rather than the same thread generating it.
import { Worker } from 'node:worker_threads';
import type { FloodOptions } from './flood-relay.ts';

export async function startFloodRelayWorker(options: FloodOptions): Promise<{ url: string; stop(): Promise<void> }> {
	const worker = new Worker(new URL('./flood-relay-thread.ts', import.meta.url), { workerData: options });
	const url = await new Promise<string>((resolve, reject) => {
		worker.once('message', (message: { url: string }) => resolve(message.url));
		worker.once('error', reject);
	});
	return {
		url,
		stop: async () => {
			worker.postMessage('stop');
			await new Promise((resolve) => worker.once('exit', resolve));
		}
	};
}
