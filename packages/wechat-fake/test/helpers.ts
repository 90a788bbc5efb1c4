import { FakeWeChatServer, FakeWeChatServerOptions } from '../src';

/** A controllable clock for expiry tests. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 1, 9, 0, 0)) {}
  readonly now = (): number => this.ms;
  advanceSeconds(s: number): void {
    this.ms += s * 1000;
  }
}

export async function startFake(opts: FakeWeChatServerOptions = {}): Promise<FakeWeChatServer> {
  return FakeWeChatServer.start({ port: 0, ...opts });
}

export interface JsonAnswer {
  status: number;
  contentType: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function answer(res: Response): Promise<JsonAnswer> {
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

export async function getJson(url: string, query: Record<string, string> = {}): Promise<JsonAnswer> {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return answer(await fetch(u));
}

export async function sendJson(method: string, url: string, body?: unknown): Promise<JsonAnswer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return answer(await fetch(url, init));
}

export const postJson = (url: string, body?: unknown) => sendJson('POST', url, body);

/** Calls jscode2session with the fake's own credentials unless overridden. */
export function code2Session(fake: FakeWeChatServer, jsCode: string, overrides: Record<string, string> = {}) {
  return getJson(`${fake.url}/sns/jscode2session`, {
    appid: fake.appId,
    secret: fake.secret,
    js_code: jsCode,
    grant_type: 'authorization_code',
    ...overrides,
  });
}

export async function accessToken(fake: FakeWeChatServer): Promise<string> {
  const res = await getJson(`${fake.url}/cgi-bin/token`, {
    grant_type: 'client_credential',
    appid: fake.appId,
    secret: fake.secret,
  });
  return res.body.access_token as string;
}

export function sendSubscribe(fake: FakeWeChatServer, token: string, body: unknown) {
  return postJson(
    `${fake.url}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
    body,
  );
}
