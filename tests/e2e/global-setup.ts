// Starts one console for the e2e run and hands its address, data directory and setup
// link to the tests through the environment; returns the teardown.
import { startConsole } from './server.ts';

export default async function globalSetup() {
	const server = await startConsole();
	process.env.E2E_BASE_URL = server.baseURL;
	process.env.E2E_DATA_DIR = server.dataDir;
	process.env.E2E_SETUP_URL = server.setupUrl ?? '';
	return async () => {
		await server.stop();
	};
}
