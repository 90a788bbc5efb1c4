import Koa from 'koa';
import request from 'supertest';
import { prepareJson, sendPreparedJson, type PreparedJson } from './prepared-json';

/** One prepared answer, shared by every request (as a cached figure is). */
const answer = {
  title: '督查总览',
  rows: Array.from({ length: 200 }, (_, i) => ({ name: `部门${i}`, n: i })),
};
let prepared: PreparedJson;
const app = new Koa();
app.use((ctx) => sendPreparedJson(ctx, prepared));
const server = app.callback();
const get = (encoding: string) => request(server).get('/').set('Accept-Encoding', encoding).expect(200);

async function brotliReady(): Promise<void> {
  for (let i = 0; i < 200 && !prepared.br; i++) await new Promise((r) => setTimeout(r, 10));
  expect(prepared.br).toBeDefined();
}

beforeEach(() => {
  prepared = prepareJson(JSON.stringify(answer));
});

test('brotli once it is made (off the request path), gzip until then; the same answer either way', async () => {
  const first = await get('gzip, deflate, br');
  expect(first.headers['content-encoding']).toBe('gzip');
  await brotliReady();
  const later = await get('gzip, deflate, br');
  expect(later.headers['content-encoding']).toBe('br');
  expect(later.headers.vary).toMatch(/Accept-Encoding/);
  expect(later.body).toEqual(answer);
  expect(first.body).toEqual(answer);
  expect(Number(later.headers['content-length'])).toBeLessThan(Number(first.headers['content-length']));
});

test.each([
  ['identity', undefined],
  ['', undefined],
  ['gzip', 'gzip'],
  ['br;q=0, gzip', 'gzip'],
  ['gzip;q=0.5, br;q=0.4', 'gzip'],
  ['br', 'br'],
  ['*', 'br'],
])('Accept-Encoding %j is answered with %s once brotli is ready', async (header, coding) => {
  await get('br'); // starts the brotli encoding
  await brotliReady();
  const res = await get(header);
  expect(res.headers['content-encoding']).toBe(coding);
  expect(res.body).toEqual(answer);
});

test('a client that accepts only brotli gets the plain bytes until brotli is ready', async () => {
  const first = await get('br');
  expect(first.headers['content-encoding']).toBeUndefined();
  expect(first.body).toEqual(answer);
});
