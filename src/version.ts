import { createRequire } from 'node:module';

/** The engine version, recorded in every report's manifest. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
