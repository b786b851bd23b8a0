// Worker-thread entry for the flood relay (see flood-relay-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { startFloodRelay, type FloodOptions } from './flood-relay.ts';

const relay = await startFloodRelay(workerData as FloodOptions);
parentPort?.postMessage({ url: relay.url });
parentPort?.on('message', async (message) => {
	if (message === 'stop') {
		await relay.stop();
		process.exit(0);
	}
});
