/**
 * `npm run gen:api`: writes web/src/api/schema.d.ts from the OpenAPI document the server
 * generates from its route schemas. test/e2e/api-types.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, generateApiTypes } from '../test/e2e/support/api-types.js';

writeFileSync(SCHEMA_FILE, await generateApiTypes());
console.log(`wrote ${SCHEMA_FILE}`);
