import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SCHEMA_FILE, generateApiTypes } from './support/api-types.js';

describe('the console’s API types', () => {
  it('match the OpenAPI document the routes produce (otherwise: npm run gen:api)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const current = await generateApiTypes();
    assert.ok(committed === current, `${SCHEMA_FILE} is out of date with the route schemas: run npm run gen:api and commit it`);
  });
});
