import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ActiveFault,
  FakeWeChat,
  FakeWeChatBehaviour,
  FaultSpec,
  IssuedLoginCode,
  LoginCodeRequest,
  RecordedRequest,
  RequestFilter,
  SentMessage,
  SubscriptionRefusal,
  TokenExpiryMode,
} from './wechat';

export interface FakeWeChatServerOptions extends FakeWeChatBehaviour {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Called with one line per request (e.g. `console.error`); silent by default. */
  log?: (line: string) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A fake of WeChat's server API over real HTTP: point WECHAT_API_BASE at {@link FakeWeChatServer.url}.
 * The in-process methods mirror the /__fake control endpoints so tests need not go through HTTP.
 */
export class FakeWeChatServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3100`. */
  readonly url: string;
  readonly port: number;
  /** The behaviour and state behind the HTTP layer. */
  readonly wechat: FakeWeChat;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped?: Promise<void>;

  private constructor(
    private readonly server: Server,
    wechat: FakeWeChat,
    host: string,
  ) {
    this.wechat = wechat;
    this.port = (server.address() as AddressInfo).port;
    const urlHost =
      host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${this.port}`;
  }

  static async start(opts: FakeWeChatServerOptions = {}): Promise<FakeWeChatServer> {
    const host = opts.host ?? '127.0.0.1';
    const wechat = new FakeWeChat(opts);
    const log = opts.log;
    // The instance is created once listening; requests cannot arrive before that.
    const holder: { instance?: FakeWeChatServer } = {};
    const server = createServer((req, res) => {
      holder.instance?.onRequest(req, res, log).catch((err: unknown) => {
        log?.(`error handling ${req.method} ${req.url}: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: -1, errmsg: 'system error' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    holder.instance = new FakeWeChatServer(server, wechat, host);
    return holder.instance;
  }

  /** Stops listening and drops open connections. Safe to call more than once. */
  stop(): Promise<void> {
    if (!this.stopped) {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.stopped = new Promise<void>((resolve, reject) => {
        this.server.close((err) => (err ? reject(err) : resolve()));
        this.server.closeAllConnections();
      });
    }
    return this.stopped;
  }

  // ---------------------------------------------------------------- in-process control (see FakeWeChat)

  get appId(): string {
    return this.wechat.appId;
  }

  get secret(): string {
    return this.wechat.secret;
  }

  issueLoginCode(req?: LoginCodeRequest): IssuedLoginCode {
    return this.wechat.issueLoginCode(req);
  }

  injectFault(fault: FaultSpec): void {
    this.wechat.injectFault(fault);
  }

  activeFaults(): ActiveFault[] {
    return this.wechat.activeFaults();
  }

  clearFaults(): void {
    this.wechat.clearFaults();
  }

  refuseSubscription(refusal: SubscriptionRefusal): void {
    this.wechat.refuseSubscription(refusal);
  }

  clearRefusals(): void {
    this.wechat.clearRefusals();
  }

  expireTokens(mode?: TokenExpiryMode): void {
    this.wechat.expireTokens(mode);
  }

  requests(filter?: RequestFilter): RecordedRequest[] {
    return this.wechat.requests(filter);
  }

  sentMessages(filter?: { touser?: string; templateId?: string }): SentMessage[] {
    return this.wechat.sentMessages(filter);
  }

  clear(): void {
    this.wechat.clear();
  }

  reset(): void {
    this.wechat.reset();
  }

  // ---------------------------------------------------------------- HTTP

  private async onRequest(
    req: IncomingMessage,
    res: ServerResponse,
    log?: (line: string) => void,
  ): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://fake.invalid');
    const query: Record<string, string> = {};
    for (const [k, v] of parsed.searchParams) if (!(k in query)) query[k] = v;
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error: body too large' }));
      return;
    }
    const answer = this.wechat.handle({ method: req.method ?? 'GET', path: parsed.pathname, query, rawBody });
    const text = JSON.stringify(answer.body);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      log?.(`${req.method} ${parsed.pathname} -> ${answer.status} ${summarise(answer.body)}`);
    };
    if (answer.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, answer.delayMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function summarise(body: unknown): string {
  const errcode = (body as { errcode?: unknown } | undefined)?.errcode;
  return typeof errcode === 'number' ? `errcode ${errcode}` : 'ok';
}
