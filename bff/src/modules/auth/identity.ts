import { Types, type Connection } from 'mongoose';
import type { AppConfig } from '../../config/config';
import type { Logger } from '../../infra/logger';
import type { RedisHandle } from '../../infra/redis/connect-redis';
import { createAuditRepository } from '../audit/repositories/audit.repository';
import { createAuditService } from '../audit/services/audit.service';
import { createEnterpriseRepository } from '../enterprises/repositories/enterprise.repository';
import { createEnterpriseService } from '../enterprises/services/enterprise.service';
import { createEnterpriseVerificationService } from '../enterprises/services/enterprise-verification.service';
import { createMembershipAdminService } from '../enterprises/services/membership-admin.service';
import { createCaseFileStore } from '../cases/repositories/case.repository';
import { outboxOf, type NotificationsDeps } from '../notifications/notifications.module';
import { createUserRepository } from '../users/repositories/user.repository';
import { createPiiVault } from '../users/services/pii-vault';
import { createUserService } from '../users/services/user.service';
import { createAccessControl } from './access/access-control';
import { createRateLimits } from './access/rate-limits';
import { createLoginLockout } from './services/login-lockout';
import { createAuthService } from './services/auth.service';
import { createAccessTokens } from './tokens/access-token';
import { createSessionStore } from './tokens/session-store';
import { createWeChatClient } from './wechat/wechat-client';

export interface IdentityDeps {
  config: AppConfig;
  logger: Logger;
  mongo: { connection: Connection };
  redis: RedisHandle;
  wechat: { apiBase: string };
}

function createIdentity(deps: IdentityDeps) {
  const { config, logger, redis } = deps;
  const connection = deps.mongo.connection;
  const users = createUserRepository(connection);
  const enterprises = createEnterpriseRepository(connection);
  const audit = createAuditService({ repo: createAuditRepository(connection), logger });
  const sessions = createSessionStore(redis, { refreshTtlSeconds: config.auth.refreshTokenTtlSeconds });
  const tokens = createAccessTokens({
    secret: config.tokenSecret,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const vault = createPiiVault(config.auth.piiSecret);
  const userService = createUserService({ users, vault, sessions });
  const outbox = outboxOf(deps as unknown as NotificationsDeps);
  outbox.registerSource('enterprise_memberships');
  const enterpriseService = createEnterpriseService({
    enterprises,
    users,
    userService,
    relayMembership: (id) => void outbox.relay('enterprise_memberships', new Types.ObjectId(id)),
  });
  const membershipAdmin = createMembershipAdminService({ enterprises, userService, enterpriseService });
  const enterpriseVerification = createEnterpriseVerificationService({
    enterprises,
    users,
    userService,
    files: createCaseFileStore(connection, 'enterprise_licences'),
  });
  const wechat = createWeChatClient({
    apiBase: deps.wechat.apiBase,
    appId: config.wechat.appId,
    secret: config.wechat.secret,
    logger,
  });
  const rateLimits = createRateLimits(redis, config.auth.rateLimit);
  const auth = createAuthService({
    logger,
    users,
    userService,
    enterpriseService,
    wechat,
    tokens,
    sessions,
    lockout: createLoginLockout(redis, config.auth.lockout),
  });
  const access = createAccessControl({ tokens, sessions, rateLimits, audit });
  return {
    users,
    enterprises,
    audit,
    sessions,
    tokens,
    vault,
    userService,
    enterpriseService,
    membershipAdmin,
    enterpriseVerification,
    wechat,
    rateLimits,
    auth,
    access,
  };
}
export type Identity = ReturnType<typeof createIdentity>;

const instances = new WeakMap<object, Identity>();

/**
 * The identity and access-control services of one app (one set of deps): the routes, the access
 * middleware and tests share them. Creating them registers the users, enterprises and audit models.
 */
export function identityOf(deps: IdentityDeps): Identity {
  let identity = instances.get(deps);
  if (!identity) {
    identity = createIdentity(deps);
    instances.set(deps, identity);
  }
  return identity;
}
