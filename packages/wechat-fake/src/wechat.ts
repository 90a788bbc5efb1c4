import { checkSubscribeData } from './subscribe-data';
import { WxErrorBody, wxError } from './errors';
import {
  openIdForUserKey,
  randomAccessToken,
  randomLoginCode,
  randomOpenId,
  randomSessionKey,
  unionIdForUserKey,
} from './ids';

/** A well-formed but fake appid (`wx` + 16 characters) and a 32-character secret. */
export const DEFAULT_APP_ID = 'wx000000000000fake';
export const DEFAULT_SECRET = '0000000000000000000000000000fake';

export interface FakeWeChatBehaviour {
  /** The appid that callers must send. Default {@link DEFAULT_APP_ID}. */
  appId?: string;
  /** The app secret that callers must send. Default {@link DEFAULT_SECRET}. */
  secret?: string;
  /** Lifetime of access tokens (both kinds). WeChat's is 7200. */
  tokenTtlSeconds?: number;
  /** Lifetime of login codes. WeChat's is 300 (5 minutes). */
  codeTtlSeconds?: number;
  /** The clock, in epoch milliseconds. Tests may pass a controllable one. Default `Date.now`. */
  now?: () => number;
  /**
   * Known subscribe-message templates: template id → data keys the template requires.
   * When given, sends to any other template id answer 40037 and missing keys answer 47003.
   * When omitted, every template id is accepted.
   */
  templates?: Record<string, readonly string[]>;
  /** When true, subscribe sends to an openid that this fake never issued answer 40003 invalid openid. */
  strictOpenIds?: boolean;
  /** When true, users logged in through a `userKey` also get a (stable) unionid. */
  issueUnionIds?: boolean;
}

export interface LoginCodeRequest {
  /** Log in as exactly this openid. */
  openid?: string;
  /** The unionid to report for this user (remembered for later logins of the same openid). */
  unionid?: string;
  /** A stable name for a person (e.g. a phone number or `alice`); the same key always yields the same openid. */
  userKey?: string;
}

export interface IssuedLoginCode {
  code: string;
  openid: string;
  unionid?: string;
  /** Epoch milliseconds after which the code answers 40029. */
  expiresAt: number;
}

export interface FaultSpec {
  /** The WeChat path to break, e.g. `/sns/jscode2session`. */
  path: string;
  /** The errcode to answer (45011 too frequent, -1 system busy, 40001, ...). Omit with `delayMs` to only delay. */
  errcode?: number;
  /** Overrides the standard message text. */
  errmsg?: string;
  /** How many of the next calls to that path are affected. Default 1. */
  times?: number;
  /** Wait this long before answering (to exercise client timeouts). */
  delayMs?: number;
}

export interface ActiveFault {
  path: string;
  errcode?: number;
  errmsg?: string;
  remaining: number;
  delayMs?: number;
}

export interface SubscriptionRefusal {
  openid: string;
  /** Refuse only this template; omitted means every template. */
  templateId?: string;
}

export interface RecordedRequest {
  /** Increasing sequence number. */
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  /** ISO 8601 time the request was received. */
  time: string;
  /** The errcode of the answer; 0 for success. */
  errcode: number;
  /** HTTP status of the answer (WeChat answers 200 even for errors). */
  status: number;
}

export interface RequestFilter {
  path?: string;
  method?: string;
}

export interface SentMessage {
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
  /** ISO 8601 time it was accepted. */
  time: string;
}

/** `expired` makes existing tokens answer 42001; `invalid` forgets them so they answer 40001. */
export type TokenExpiryMode = 'expired' | 'invalid';

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The raw body text ('' when none). */
  rawBody: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  contentType?: string;
  /** Wait this long before sending (fault injection). */
  delayMs?: number;
}

interface CodeEntry {
  openid: string;
  unionid?: string;
  expiresAt: number;
  used: boolean;
}

interface TokenEntry {
  kind: 'token' | 'stable';
  expiresAt: number;
}

const JSON_TYPE = 'application/json; encoding=utf-8';
/** WeChat's jscode2session really answers JSON labelled text/plain; clients must parse it regardless. */
const CODE2SESSION_TYPE = 'text/plain';
/** After a new /cgi-bin/token, WeChat keeps the previous token usable for 5 more minutes. */
const OLD_TOKEN_GRACE_MS = 5 * 60 * 1000;
const MAX_RECORDS = 10_000;
const MINIPROGRAM_STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

/** Thrown by the in-process control methods (and answered as HTTP 400 by /__fake endpoints) for bad arguments. */
export class BadControlRequest extends Error {}

/**
 * The fake's state and behaviour, independent of HTTP: login codes, tokens, faults, refusals and the request log.
 */
export class FakeWeChat {
  readonly appId: string;
  readonly secret: string;
  private readonly tokenTtlMs: number;
  private readonly codeTtlMs: number;
  private readonly now: () => number;
  private readonly templates?: Record<string, readonly string[]>;
  private readonly strictOpenIds: boolean;
  private readonly issueUnionIds: boolean;

  private codes = new Map<string, CodeEntry>();
  /** openid → unionid (or undefined): every user this fake has issued a code for. */
  private users = new Map<string, string | undefined>();
  private tokens = new Map<string, TokenEntry>();
  private latestToken?: string;
  private stableToken?: string;
  private faults: ActiveFault[] = [];
  private refusals = new Set<string>();
  private recorded: RecordedRequest[] = [];
  private sent: SentMessage[] = [];
  private seq = 0;
  private nextMsgId = 2_000_000_001;

  constructor(opts: FakeWeChatBehaviour = {}) {
    this.appId = opts.appId ?? DEFAULT_APP_ID;
    this.secret = opts.secret ?? DEFAULT_SECRET;
    this.tokenTtlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
    this.codeTtlMs = (opts.codeTtlSeconds ?? 300) * 1000;
    this.now = opts.now ?? Date.now;
    this.templates = opts.templates;
    this.strictOpenIds = opts.strictOpenIds ?? false;
    this.issueUnionIds = opts.issueUnionIds ?? false;
  }

  // ---------------------------------------------------------------- in-process control

  /** Issues a single-use login code, as wx.login would on a phone. */
  issueLoginCode(req: LoginCodeRequest = {}): IssuedLoginCode {
    const { openid: givenOpenId, unionid: givenUnionId, userKey } = req;
    let openid: string;
    let unionid: string | undefined;
    if (givenOpenId) {
      openid = givenOpenId;
      unionid = givenUnionId ?? this.users.get(openid);
    } else if (userKey) {
      openid = openIdForUserKey(this.appId, userKey);
      unionid =
        givenUnionId ??
        this.users.get(openid) ??
        (this.issueUnionIds ? unionIdForUserKey(userKey) : undefined);
    } else {
      openid = randomOpenId();
      unionid = givenUnionId;
    }
    this.users.set(openid, unionid);
    this.pruneCodes();
    let code = randomLoginCode();
    while (this.codes.has(code)) code = randomLoginCode();
    const expiresAt = this.now() + this.codeTtlMs;
    this.codes.set(code, { openid, unionid, expiresAt, used: false });
    return unionid === undefined ? { code, openid, expiresAt } : { code, openid, unionid, expiresAt };
  }

  /** The next `times` calls to `path` answer `errcode` (and/or are delayed by `delayMs`). */
  injectFault(fault: FaultSpec): void {
    if (typeof fault.path !== 'string' || !fault.path.startsWith('/'))
      throw new BadControlRequest('path must start with /');
    if (fault.path.startsWith('/__fake'))
      throw new BadControlRequest('cannot inject faults into /__fake endpoints');
    if (fault.errcode !== undefined && (!Number.isInteger(fault.errcode) || fault.errcode === 0)) {
      throw new BadControlRequest('errcode must be a non-zero integer');
    }
    if (fault.delayMs !== undefined && !(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
      throw new BadControlRequest('delayMs must be a non-negative number');
    }
    if (fault.errcode === undefined && !fault.delayMs)
      throw new BadControlRequest('give errcode and/or delayMs');
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new BadControlRequest('times must be a positive integer');
    this.faults.push({
      path: fault.path,
      errcode: fault.errcode,
      errmsg: fault.errmsg,
      remaining: times,
      delayMs: fault.delayMs,
    });
  }

  /** Faults not yet used up. */
  activeFaults(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Later subscribe sends to this user (for this template, or any) answer 43101. */
  refuseSubscription(refusal: SubscriptionRefusal): void {
    if (typeof refusal.openid !== 'string' || !refusal.openid)
      throw new BadControlRequest('openid is required');
    if (refusal.templateId !== undefined && typeof refusal.templateId !== 'string') {
      throw new BadControlRequest('templateId must be a string');
    }
    this.refusals.add(refusalKey(refusal.openid, refusal.templateId));
  }

  clearRefusals(): void {
    this.refusals.clear();
  }

  /** Makes every token issued so far fail: `expired` → 42001 (default), `invalid` → 40001. */
  expireTokens(mode: TokenExpiryMode = 'expired'): void {
    if (mode === 'invalid') {
      this.tokens.clear();
    } else {
      const past = this.now() - 1;
      for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, past);
    }
    this.latestToken = undefined;
    this.stableToken = undefined;
  }

  /** Recorded WeChat API calls (the /__fake control endpoints are not recorded), oldest first. */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    const method = filter.method?.toUpperCase();
    return this.recorded
      .filter(
        (r) =>
          (filter.path === undefined || r.path === filter.path) &&
          (method === undefined || r.method === method),
      )
      .map((r) => ({ ...r, query: { ...r.query } }));
  }

  /** Subscribe messages WeChat accepted (errcode 0), oldest first. */
  sentMessages(filter: { touser?: string; templateId?: string } = {}): SentMessage[] {
    return this.sent
      .filter(
        (m) =>
          (filter.touser === undefined || m.touser === filter.touser) &&
          (filter.templateId === undefined || m.template_id === filter.templateId),
      )
      .map((m) => ({ ...m }));
  }

  /** Forgets recorded requests and sent messages. */
  clear(): void {
    this.recorded = [];
    this.sent = [];
  }

  /** Back to a fresh start: recordings, faults, refusals, codes, tokens and users. */
  reset(): void {
    this.clear();
    this.clearFaults();
    this.clearRefusals();
    this.codes.clear();
    this.users.clear();
    this.tokens.clear();
    this.latestToken = undefined;
    this.stableToken = undefined;
  }

  // ---------------------------------------------------------------- request handling

  handle(req: FakeRequest): FakeResponse {
    if (req.path === '/__fake' || req.path.startsWith('/__fake/')) return this.handleControl(req);
    const res = this.handleApi(req);
    const body = res.body as { errcode?: unknown } | undefined;
    this.record({
      seq: ++this.seq,
      method: req.method,
      path: req.path,
      query: { ...req.query },
      body: parseBodyForRecord(req.rawBody),
      time: new Date(this.now()).toISOString(),
      errcode: typeof body?.errcode === 'number' ? body.errcode : 0,
      status: res.status,
    });
    return res;
  }

  private handleApi(req: FakeRequest): FakeResponse {
    const route = API_ROUTES[req.path];
    if (!route) return { status: 404, body: wxError(40066), contentType: JSON_TYPE };
    if (req.method !== route.method) {
      return { status: 200, body: wxError(route.method === 'GET' ? 43001 : 43002), contentType: JSON_TYPE };
    }
    const contentType = req.path === '/sns/jscode2session' ? CODE2SESSION_TYPE : JSON_TYPE;
    const fault = this.takeFault(req.path);
    if (fault?.errcode !== undefined) {
      return {
        status: 200,
        body: wxError(fault.errcode, undefined, fault.errmsg),
        contentType,
        delayMs: fault.delayMs,
      };
    }
    const body = route.handler.call(this, req);
    return { status: 200, body, contentType, delayMs: fault?.delayMs };
  }

  private takeFault(path: string): ActiveFault | undefined {
    const index = this.faults.findIndex((f) => f.path === path);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  /** GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
  code2Session(req: FakeRequest): object {
    const { appid, secret, js_code: jsCode, grant_type: grantType } = req.query;
    const credentialError = this.checkCredentials(appid, secret);
    if (credentialError) return credentialError;
    if (!jsCode) return wxError(41008);
    if (grantType !== 'authorization_code') return wxError(40002);
    const entry = this.codes.get(jsCode);
    if (!entry || entry.expiresAt <= this.now()) return wxError(40029);
    if (entry.used) return wxError(40163);
    entry.used = true;
    const session: Record<string, string> = { session_key: randomSessionKey(), openid: entry.openid };
    if (entry.unionid !== undefined) session.unionid = entry.unionid;
    return session;
  }

  /** GET /cgi-bin/token?grant_type=client_credential&appid&secret — every call issues a new token. */
  getAccessToken(req: FakeRequest): object {
    const { appid, secret, grant_type: grantType } = req.query;
    if (grantType !== 'client_credential') return wxError(40002);
    const credentialError = this.checkCredentials(appid, secret);
    if (credentialError) return credentialError;
    const now = this.now();
    // The previous token stays valid for a short overlap, as on WeChat.
    const previous = this.latestToken ? this.tokens.get(this.latestToken) : undefined;
    if (previous) previous.expiresAt = Math.min(previous.expiresAt, now + OLD_TOKEN_GRACE_MS);
    const token = this.newToken('token', now);
    this.latestToken = token;
    return { access_token: token, expires_in: Math.round(this.tokenTtlMs / 1000) };
  }

  /**
   * POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh?} — the same token (with its remaining
   * lifetime) until it expires; force_refresh replaces it and invalidates the old one at once.
   */
  getStableAccessToken(req: FakeRequest): object {
    const parsed = parseJsonBody(req.rawBody);
    if ('error' in parsed) return parsed.error;
    const body = parsed.value;
    const credentialError = this.checkCredentials(stringField(body, 'appid'), stringField(body, 'secret'));
    if (credentialError) return credentialError;
    if (body.grant_type !== 'client_credential') return wxError(40002);
    const force = body.force_refresh;
    if (force !== undefined && typeof force !== 'boolean')
      return wxError(47003, 'force_refresh must be a boolean');
    const now = this.now();
    const current = this.stableToken ? this.tokens.get(this.stableToken) : undefined;
    if (this.stableToken && current && current.expiresAt > now && !force) {
      return {
        access_token: this.stableToken,
        expires_in: Math.max(1, Math.floor((current.expiresAt - now) / 1000)),
      };
    }
    if (this.stableToken) this.tokens.delete(this.stableToken);
    const token = this.newToken('stable', now);
    this.stableToken = token;
    return { access_token: token, expires_in: Math.round(this.tokenTtlMs / 1000) };
  }

  /** POST /cgi-bin/message/subscribe/send?access_token=TOKEN */
  sendSubscribeMessage(req: FakeRequest): object {
    const tokenError = this.checkToken(req.query.access_token);
    if (tokenError) return tokenError;
    const parsed = parseJsonBody(req.rawBody);
    if ('error' in parsed) return parsed.error;
    const body = parsed.value;
    const touser = body.touser;
    const templateId = body.template_id;
    if (typeof touser !== 'string' || !touser) return wxError(47003, 'touser is empty');
    if (typeof templateId !== 'string' || !templateId) return wxError(47003, 'template_id is empty');
    if (body.data === undefined) return wxError(47003, 'data is empty');
    if (body.page !== undefined && typeof body.page !== 'string') return wxError(41030);
    const state = body.miniprogram_state;
    if (state !== undefined && (typeof state !== 'string' || !MINIPROGRAM_STATES.has(state))) {
      return wxError(47003, 'miniprogram_state must be developer, trial or formal');
    }
    const lang = body.lang;
    if (lang !== undefined && (typeof lang !== 'string' || !LANGS.has(lang))) {
      return wxError(47003, 'lang must be zh_CN, en_US, zh_HK or zh_TW');
    }
    let requiredKeys: readonly string[] | undefined;
    if (this.templates) {
      requiredKeys = this.templates[templateId];
      if (!requiredKeys) return wxError(40037);
    }
    const dataProblem = checkSubscribeData(body.data, requiredKeys);
    if (dataProblem) return wxError(47003, dataProblem);
    if (this.strictOpenIds && !this.users.has(touser)) return wxError(40003);
    if (this.refusals.has(refusalKey(touser, templateId)) || this.refusals.has(refusalKey(touser))) {
      return wxError(43101);
    }
    const msgid = this.nextMsgId++;
    const message: SentMessage = {
      msgid,
      touser,
      template_id: templateId,
      data: normaliseData(body.data as Record<string, { value: string | number }>),
      time: new Date(this.now()).toISOString(),
    };
    if (typeof body.page === 'string') message.page = body.page;
    if (typeof state === 'string') message.miniprogram_state = state;
    if (typeof lang === 'string') message.lang = lang;
    this.sent.push(message);
    if (this.sent.length > MAX_RECORDS) this.sent.shift();
    return { errcode: 0, errmsg: 'ok', msgid };
  }

  private checkCredentials(appid: unknown, secret: unknown): WxErrorBody | undefined {
    if (typeof appid !== 'string' || !appid) return wxError(41002);
    if (typeof secret !== 'string' || !secret) return wxError(41004);
    if (appid !== this.appId) return wxError(40013);
    if (secret !== this.secret) return wxError(40125);
    return undefined;
  }

  private checkToken(token: string | undefined): WxErrorBody | undefined {
    if (!token) return wxError(41001);
    const entry = this.tokens.get(token);
    if (!entry) return wxError(40001);
    if (entry.expiresAt <= this.now()) return wxError(42001);
    return undefined;
  }

  private newToken(kind: TokenEntry['kind'], now: number): string {
    const token = randomAccessToken();
    this.tokens.set(token, { kind, expiresAt: now + this.tokenTtlMs });
    return token;
  }

  private pruneCodes(): void {
    const cutoff = this.now() - this.codeTtlMs;
    for (const [code, entry] of this.codes) if (entry.expiresAt < cutoff) this.codes.delete(code);
  }

  private record(entry: RecordedRequest): void {
    this.recorded.push(entry);
    if (this.recorded.length > MAX_RECORDS) this.recorded.shift();
  }

  // ---------------------------------------------------------------- /__fake control endpoints

  private handleControl(req: FakeRequest): FakeResponse {
    const key = `${req.method} ${req.path}`;
    try {
      switch (key) {
        case 'GET /__fake':
        case 'GET /__fake/info':
          return ok({
            appId: this.appId,
            secret: this.secret,
            tokenTtlSeconds: this.tokenTtlMs / 1000,
            codeTtlSeconds: this.codeTtlMs / 1000,
          });
        case 'POST /__fake/login-code': {
          const body = controlBody(req.rawBody);
          const openid = optionalString(body, 'openid');
          const unionid = optionalString(body, 'unionid');
          const userKey = optionalString(body, 'userKey');
          const issued = this.issueLoginCode({ openid, unionid, userKey });
          return ok(issued);
        }
        case 'GET /__fake/faults':
          return ok({ faults: this.activeFaults() });
        case 'POST /__fake/faults': {
          const body = controlBody(req.rawBody);
          this.injectFault({
            path: body.path as string,
            errcode: body.errcode as number | undefined,
            errmsg: optionalString(body, 'errmsg'),
            times: body.times as number | undefined,
            delayMs: body.delayMs as number | undefined,
          });
          return ok({ faults: this.activeFaults() });
        }
        case 'DELETE /__fake/faults':
          this.clearFaults();
          return ok({});
        case 'POST /__fake/refuse-subscription': {
          const body = controlBody(req.rawBody);
          this.refuseSubscription({
            openid: body.openid as string,
            templateId: optionalString(body, 'templateId'),
          });
          return ok({});
        }
        case 'DELETE /__fake/refuse-subscription':
          this.clearRefusals();
          return ok({});
        case 'POST /__fake/expire-tokens': {
          const body = req.rawBody.trim() ? controlBody(req.rawBody) : {};
          const mode = body.mode ?? 'expired';
          if (mode !== 'expired' && mode !== 'invalid')
            throw new BadControlRequest('mode must be expired or invalid');
          this.expireTokens(mode);
          return ok({});
        }
        case 'GET /__fake/requests':
          return ok({ requests: this.requests({ path: req.query.path, method: req.query.method }) });
        case 'DELETE /__fake/requests':
          this.clear();
          return ok({});
        case 'GET /__fake/messages':
          return ok({
            messages: this.sentMessages({ touser: req.query.touser, templateId: req.query.template_id }),
          });
        case 'POST /__fake/reset':
          this.reset();
          return ok({});
        default:
          return { status: 404, body: { error: `no control endpoint ${key}` }, contentType: JSON_TYPE };
      }
    } catch (err) {
      if (err instanceof BadControlRequest)
        return { status: 400, body: { error: err.message }, contentType: JSON_TYPE };
      throw err;
    }
  }
}

const API_ROUTES: Record<
  string,
  { method: 'GET' | 'POST'; handler: (this: FakeWeChat, req: FakeRequest) => object }
> = {
  '/sns/jscode2session': { method: 'GET', handler: FakeWeChat.prototype.code2Session },
  '/cgi-bin/token': { method: 'GET', handler: FakeWeChat.prototype.getAccessToken },
  '/cgi-bin/stable_token': { method: 'POST', handler: FakeWeChat.prototype.getStableAccessToken },
  '/cgi-bin/message/subscribe/send': { method: 'POST', handler: FakeWeChat.prototype.sendSubscribeMessage },
};

function ok(body: unknown): FakeResponse {
  return { status: 200, body, contentType: JSON_TYPE };
}

function refusalKey(openid: string, templateId?: string): string {
  return `${openid}\u0000${templateId ?? '*'}`;
}

function parseJsonBody(raw: string): { value: Record<string, unknown> } | { error: WxErrorBody } {
  if (!raw.trim()) return { error: wxError(44002) };
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: wxError(47001) };
    return { value: value as Record<string, unknown> };
  } catch {
    return { error: wxError(47001) };
  }
}

function parseBodyForRecord(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

function controlBody(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new BadControlRequest('body is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadControlRequest('body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new BadControlRequest(`${key} must be a string`);
  return v;
}

function normaliseData(data: Record<string, { value: string | number }>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, field] of Object.entries(data)) out[key] = { value: String(field.value) };
  return out;
}
