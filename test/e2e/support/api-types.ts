import openapiTS, { astToString } from 'openapi-typescript';
import { buildTestApp } from '../../support/app.js';

/** Where the console's API types live (committed; regenerate with `npm run gen:api`). */
export const SCHEMA_FILE = 'web/src/api/schema.d.ts';

const HEADER = `/**
 * Generated from GET /api/openapi.json by \`npm run gen:api\` (scripts/gen-api-types.ts).
 * Do not edit: change the route schemas and run it again.
 */
`;

/** The OpenAPI document as the server builds it from the route schemas. */
export async function currentOpenApi(): Promise<Record<string, unknown>> {
  const t = await buildTestApp('sqlite');
  try {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
    return response.json() as Record<string, unknown>;
  } finally {
    await t.close();
  }
}

interface Parameter {
  name: string;
  in: string;
  schema?: unknown;
}

/**
 * @fastify/swagger turns a `Type.Record` querystring (GET /api/oidc/callback) into parameters
 * whose `schema` is a bare string, which is not OpenAPI; openapi-typescript rejects the whole
 * document. Those parameters are dropped here (the console never calls that route).
 */
function dropInvalidParameters(doc: Record<string, unknown>): Record<string, unknown> {
  const paths = doc.paths as Record<string, Record<string, { parameters?: Parameter[] }>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (!Array.isArray(operation.parameters)) continue;
      operation.parameters = operation.parameters.filter((p) => typeof p.schema === 'object' && p.schema !== null);
    }
  }
  return doc;
}

/** The TypeScript declarations the console is typed against. */
export async function generateApiTypes(): Promise<string> {
  const doc = dropInvalidParameters(await currentOpenApi());
  const ast = await openapiTS(JSON.stringify(doc), { alphabetize: false });
  return HEADER + astToString(ast);
}
