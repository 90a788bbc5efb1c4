import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import request from 'supertest';
import { z } from 'zod';
import { errorHandler } from './middleware/error-handler';
import { routeDispatcher } from './route-dispatch';
import { route, toMiddleware } from './route-table';

function appWith(def: ReturnType<typeof route>) {
  const app = new Koa();
  app.use(errorHandler({ exposeStack: false }));
  app.use(bodyParser());
  app.use(routeDispatcher([{ method: def.method, path: def.path, stack: [toMiddleware(def)] }]));
  return app.callback();
}

const echo = route({
  method: 'post',
  path: '/echo/:id',
  summary: 'echo',
  tag: 'test',
  policy: { access: 'public' },
  request: {
    params: z.object({ id: z.string().regex(/^\d+$/, '编号须为数字') }),
    query: z.object({ page: z.coerce.number().int().min(1, '页码须为正整数').default(1) }),
    body: z.object({ name: z.string().min(1, '姓名不能为空'), age: z.number().int().optional() }),
  },
  status: 201,
  handler: ({ params, query, body }) => ({ params, query, body }),
});

describe('route table rows', () => {
  it('hand the handler parsed, typed input and answer with the declared status', async () => {
    const res = await request(appWith(echo)).post('/echo/7?page=2').send({ name: '张三' }).expect(201);
    expect(res.body).toEqual({ params: { id: '7' }, query: { page: 2 }, body: { name: '张三' } });
  });

  it('list every bad field of params, query and body in one 400 envelope', async () => {
    const res = await request(appWith(echo))
      .post('/echo/x?page=0')
      .send({ name: '', age: 'old' })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths.sort()).toEqual(['body.age', 'body.name', 'params.id', 'query.page']);
  });

  it('report each problem with its Chinese message', async () => {
    const res = await request(appWith(echo)).post('/echo/1?page=0').send({ name: '李四' }).expect(400);
    expect(res.body.error.details.fields).toEqual([{ path: 'query.page', message: '页码须为正整数' }]);
    const body = await request(appWith(echo)).post('/echo/1').send({ name: '', age: 'old' }).expect(400);
    expect(body.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.age',
      'body.name',
    ]);
  });
});
