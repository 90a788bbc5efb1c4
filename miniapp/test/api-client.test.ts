import { itemListResponseSchema } from '@app/shared';
import {
  ApiError,
  BAD_RESPONSE_MESSAGE,
  NETWORK_ERROR_MESSAGE,
  apiRequest,
  buildQuery,
  getBaseUrl,
  setAuthHeaderProvider,
} from '../src/services/api-client';
import { listItems } from '../src/services/catalog';
import { request } from './stubs/taro';
import { fail, ok, summary } from './fixtures/catalog';

const page = { items: [summary()], total: 1, page: 1, pageSize: 20 };

describe('api client', () => {
  const envBefore = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = envBefore;
    setAuthHeaderProvider(() => undefined);
  });

  it('parses a response with the shared schema', async () => {
    request.mockReturnValue(ok(page));
    const res = await apiRequest({ path: '/api/items', schema: itemListResponseSchema });
    expect(res.items[0].name).toBe('企业设立登记');
    expect(request).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'http://127.0.0.1:3000/api/items', method: 'GET' }),
    );
  });

  it('maps the error envelope to an ApiError carrying the Chinese message', async () => {
    request.mockReturnValue(
      fail(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: '提交的信息有误，请检查后重试',
          details: { fields: [{ path: 'pageSize', message: '每页条数最多为 100' }] },
        },
      }),
    );
    const err = await apiRequest({ path: '/api/items', schema: itemListResponseSchema }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      message: '提交的信息有误，请检查后重试',
      fields: [{ path: 'pageSize', message: '每页条数最多为 100' }],
    });
  });

  it('maps a network failure to 网络异常', async () => {
    request.mockRejectedValue({ errMsg: 'request:fail timeout' });
    await expect(apiRequest({ path: '/api/items', schema: itemListResponseSchema })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      message: NETWORK_ERROR_MESSAGE,
    });
    expect(NETWORK_ERROR_MESSAGE).toBe('网络异常，请检查网络后重试');
  });

  it('maps a 5xx without envelope (proxy error page) to a readable message', async () => {
    request.mockReturnValue(fail(502, '<html>Bad Gateway</html>'));
    await expect(apiRequest({ path: '/api/items', schema: itemListResponseSchema })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用，请稍后再试',
    });
  });

  it('rejects a body that does not match the contract', async () => {
    request.mockReturnValue(ok({ items: 'nope' }));
    await expect(apiRequest({ path: '/api/items', schema: itemListResponseSchema })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: BAD_RESPONSE_MESSAGE,
    });
  });

  it('sends the auth header from the hook', async () => {
    setAuthHeaderProvider(() => ({ Authorization: 'Bearer t0k' }));
    request.mockReturnValue(ok(page));
    await apiRequest({ path: '/api/items', schema: itemListResponseSchema });
    expect(request.mock.calls[0][0].header).toMatchObject({ Authorization: 'Bearer t0k' });
  });

  it('uses the same origin on H5', () => {
    process.env.TARO_ENV = 'h5';
    expect(getBaseUrl()).toBe('');
    process.env.TARO_ENV = 'weapp';
    expect(getBaseUrl()).toBe('http://127.0.0.1:3000');
  });

  it('builds the item list query from the filters', async () => {
    request.mockReturnValue(ok(page));
    await listItems({
      q: ' 营业执照 ',
      department: 'SCJG',
      maxTrips: 0,
      online: true,
      page: 2,
      pageSize: 20,
    });
    expect(request.mock.calls[0][0].url).toBe(
      `http://127.0.0.1:3000/api/items?q=${encodeURIComponent('营业执照')}&department=SCJG&maxTrips=0&online=true&page=2&pageSize=20`,
    );
    expect(buildQuery({ a: undefined, b: '', c: null })).toBe('');
  });
});
