// Where Debian's Chromium lives and the flags it needs on a machine with no internet.
// Shared by Vitest's browser project and Playwright's e2e configuration.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
