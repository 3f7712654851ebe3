/** `npm run client`: regenerates the checked-in types of the contract (shared/client/openapi.d.ts). */
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './lib/client-types.js';

writeFileSync(CLIENT_TYPES_FILE, await clientTypes());
console.log(`wrote ${CLIENT_TYPES_FILE}`);
