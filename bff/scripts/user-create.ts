/**
 * Creates a staff, supervisor or admin account:
 *   npm run user:create -- --role staff --username window.zhang --password '…' --name 张三 \
 *     --department tax --hall city-hall [--hall county-hall] [--duty complaint_followup]
 * Without --password a random one is generated and printed once. Uses the same environment
 * variables (MONGODB_URI, …) as `npm start`. Exit codes: 0 created, 1 bad arguments, 2 username taken.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createUserRequestSchema } from '@app/shared';
import { AppError } from '../src/http/app-error';
import { syncIndexes } from '../src/infra/mongo/connect-mongo';
import { identityOf } from '../src/modules/auth/identity';
import { openStores } from './cli-stores';

const USAGE =
  'usage: npm run user:create -- --role staff|supervisor|admin --username NAME [--password PASS] --name 姓名 [--department CODE] [--hall CODE ...] [--duty consultation_desk|complaint_dispatch|complaint_handling|complaint_followup ...]';
const FLAG_OF: Record<string, string> = { halls: 'hall', duties: 'duty' };

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        department: { type: 'string' },
        hall: { type: 'string', multiple: true },
        duty: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const generated = values.password ? undefined : `${randomBytes(9).toString('base64url')}7a`;
  const parsed = createUserRequestSchema.safeParse({
    role: values.role,
    username: values.username,
    password: values.password ?? generated,
    name: values.name,
    department: values.department,
    halls: (values.hall ?? [])
      .flatMap((h) => h.split(','))
      .map((h) => h.trim())
      .filter(Boolean),
    duties: (values.duty ?? [])
      .flatMap((d) => d.split(','))
      .map((d) => d.trim())
      .filter(Boolean),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`--${FLAG_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    console.error(USAGE);
    return 1;
  }
  const stores = await openStores();
  try {
    const identity = identityOf({ ...stores, wechat: { apiBase: 'http://127.0.0.1:9' } });
    await syncIndexes(stores.mongo.connection);
    const user = await identity.userService.createAccount(parsed.data);
    console.log(`created ${user.role} ${user.username} (id ${user.id})`);
    if (generated) console.log(`password: ${generated}  (shown once: hand it over and have it changed)`);
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.code === 'USERNAME_TAKEN') {
      console.error(`username ${parsed.data.username} is taken`);
      return 2;
    }
    throw err;
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('user:create failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
