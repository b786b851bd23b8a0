// The `lightning` package for the LND double's tests. It is CommonJS and Node's ESM loader
// cannot see most of its named exports, so it is loaded with require and typed from its
// own declarations.
import { createRequire } from 'node:module';

export const lightning = createRequire(import.meta.url)('lightning') as typeof import('lightning');
