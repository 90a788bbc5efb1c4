import Koa from 'koa';
import request from 'supertest';
import { errorHandler } from './middleware/error-handler';
import { routeDispatcher, type DispatchRow } from './route-dispatch';

/** Each row answers which row it is and the params it got. */
function row(method: DispatchRow['method'], path: string): DispatchRow {
  return {
    method,
    path,
    stack: [
      (ctx) => {
        ctx.body = { row: `${method} ${path}`, params: (ctx as Koa.Context & { params: unknown }).params };
      },
    ],
  };
}

function appWith(rows: DispatchRow[]) {
  const app = new Koa();
  app.use(errorHandler({ exposeStack: false }));
  app.use(routeDispatcher(rows));
  // What comes after the router in app.ts (the H5 app): answers only what no row served.
  app.use((ctx) => {
    if (ctx.path === '/index.html') ctx.body = 'page';
  });
  return app.callback();
}

const callback = appWith([
  row('get', '/api/appointments/:id'),
  row('get', '/api/appointments/mine'),
  row('post', '/api/appointments'),
  row('get', '/api/cases/:id/materials/:fileId'),
  row('delete', '/api/cases/:id/materials/:fileId'),
]);

describe('route dispatch', () => {
  it('prefers a static segment to a parameter, whatever the order of the rows', async () => {
    const mine = await request(callback).get('/api/appointments/mine').expect(200);
    expect(mine.body.row).toBe('get /api/appointments/mine');
    const one = await request(callback).get('/api/appointments/abc123').expect(200);
    expect(one.body).toEqual({ row: 'get /api/appointments/:id', params: { id: 'abc123' } });
  });

  it('decodes parameters and takes several', async () => {
    const res = await request(callback).get('/api/cases/c%201/materials/%E6%9D%90%E6%96%99').expect(200);
    expect(res.body.params).toEqual({ id: 'c 1', fileId: '材料' });
  });

  it('ignores a trailing slash and the query string', async () => {
    const res = await request(callback).get('/api/appointments/mine/?x=1').expect(200);
    expect(res.body.row).toBe('get /api/appointments/mine');
  });

  it('serves HEAD from the GET row', async () => {
    await request(callback).head('/api/appointments/mine').expect(200);
  });

  it('answers a known path with a wrong method 405 with Allow, as the envelope', async () => {
    const res = await request(callback).put('/api/cases/1/materials/2').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, DELETE');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers OPTIONS on a known path with Allow', async () => {
    const res = await request(callback).options('/api/appointments').expect(204);
    expect(res.headers.allow).toBe('POST');
  });

  it('passes unknown paths down the middleware, untouched', async () => {
    await request(callback).get('/index.html').expect(200, 'page');
    await request(callback).get('/api/nothing-here').expect(404);
  });

  it('serves a long parameter to the row (its validator decides), not a 404', async () => {
    const id = 'x'.repeat(500);
    const res = await request(callback).get(`/api/appointments/${id}`).expect(200);
    expect(res.body.params.id).toHaveLength(500);
  });
});
