export { FakeWeChatServer } from './server';
export type { FakeWeChatServerOptions } from './server';
export { FakeWeChat, BadControlRequest, DEFAULT_APP_ID, DEFAULT_SECRET } from './wechat';
export type {
  ActiveFault,
  FakeRequest,
  FakeResponse,
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
export { WX_ERRORS, wxError } from './errors';
export type { WxErrorBody } from './errors';
