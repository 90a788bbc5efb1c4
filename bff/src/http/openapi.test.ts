import { ROLES } from '@app/shared';
import OpenAPISchemaValidator from 'openapi-schema-validator';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../test/support/test-env';
import { buildRouteTable } from '../app';
import { BEARER_SCHEME, toOpenApiPath } from './openapi';
import type { RouteDef } from './route-table';

/**
 * Issue 15 item 10: `/openapi.json` tells the truth about every row of the route table: it is there
 * (raw routes such as file downloads included), its security follows its policy, and the errors the
 * policy can produce are listed.
 */

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

let env: TestEnv;
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};
let routes: RouteDef[];

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'silent' });
  routes = buildRouteTable(env.deps);
  doc = (await request(env.callback).get('/openapi.json').expect(200)).body;
});
afterAll(() => env.close());

it('is a valid OpenAPI 3 document with the bearer scheme', () => {
  const { errors } = new OpenAPISchemaValidator({ version: 3 }).validate(doc as never);
  expect(errors).toEqual([]);
  expect(doc.components.securitySchemes[BEARER_SCHEME]).toEqual(
    expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  );
});

it('every row of the route table is in the document, with security and errors from its policy', () => {
  const problems: string[] = [];
  for (const def of routes) {
    const name = `${def.method.toUpperCase()} ${def.path}`;
    const op = doc.paths[toOpenApiPath(def.path)]?.[def.method];
    if (!op) {
      problems.push(`${name}: missing`);
      continue;
    }
    const statuses = Object.keys(op.responses);
    const need = (status: string, why: string) => {
      if (!statuses.includes(status)) problems.push(`${name}: no ${status} (${why})`);
    };
    if (def.policy.access === 'public') {
      if (JSON.stringify(op.security) !== '[]')
        problems.push(`${name}: public but security ${JSON.stringify(op.security)}`);
    } else {
      if (JSON.stringify(op.security) !== JSON.stringify([{ [BEARER_SCHEME]: [] }]))
        problems.push(`${name}: signed-in but security ${JSON.stringify(op.security)}`);
      need('401', 'signed-in');
      const roles = def.policy.roles;
      if (ROLES.some((r) => !roles.includes(r))) need('403', 'roles');
      if (def.policy.resource) need('404', 'resource');
      need('503', 'sessions');
    }
    if (def.method !== 'get') need('429', 'write');
    if (def.request?.body || def.request?.query || def.request?.params) need('400', 'validation');
    for (const entry of def.errors ?? []) {
      const status = /^(\d{3})/.exec(entry)?.[1];
      if (status) need(status, entry);
    }
  }
  expect(problems).toEqual([]);
  // The figure for the closing note: how many rows were checked.
  expect(routes.length).toBeGreaterThan(50);
  console.log(`openapi: ${routes.length} route-table rows checked against /openapi.json`);
});

it('documents the material download (a raw route handed out by the upload answer)', () => {
  const op = doc.paths['/api/cases/{id}/materials/{fileId}']?.get;
  expect(op).toBeDefined();
  expect(Object.keys(op.responses['200'].content ?? {})).toEqual([
    'image/jpeg',
    'image/png',
    'application/pdf',
  ]);
  expect(op.security).toEqual([{ [BEARER_SCHEME]: [] }]);
  expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
});
