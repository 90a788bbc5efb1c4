import Taro, { useLoad } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ERROR_CODES, staffLoginRequestSchema } from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ApiError } from '../../../services/api-client';
import { installSession, isStaffRole, readSession, staffLogin } from '../../../services/auth';
import { formatChinaTime } from '../../../utils/format';
import { WORKBENCH_ROUTE } from '../../../utils/routes';
import './index.scss';

/**
 * The Chinese sentence for a failed staff login. Lockout (ACCOUNT_LOCKED: `details.lockedUntil`) and
 * rate limits (RATE_LIMITED: `details.retryAfterSeconds`) say when the person may try again.
 */
function staffLoginMessage(err: unknown, now: Date = new Date()): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const details = err.details ?? {};
  const retryAfter = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
  if (err.code === 'ACCOUNT_LOCKED') {
    const until =
      typeof details.lockedUntil === 'string'
        ? details.lockedUntil
        : retryAfter !== undefined
          ? new Date(now.getTime() + retryAfter * 1000).toISOString()
          : undefined;
    const at = until ? formatChinaTime(until, { now }) : '';
    if (!at) return ERROR_CODES.ACCOUNT_LOCKED.message;
    // `address`: only this network is kept out of the account (the owner elsewhere still gets in).
    return details.scope === 'address'
      ? `登录失败次数过多，已暂停从当前网络登录该账号，请于 ${at} 后再试`
      : `登录失败次数过多，账号已临时锁定，请于 ${at} 后再试`;
  }
  if (err.code === 'RATE_LIMITED' || err.code === 'WECHAT_RATE_LIMITED') {
    if (retryAfter === undefined) return err.message;
    const at = formatChinaTime(new Date(now.getTime() + retryAfter * 1000), { now, withSeconds: true });
    return `操作过于频繁，请于 ${at} 后再试（约 ${retryAfter} 秒）`;
  }
  return undefined;
}

/** 工作人员登录: username and password; then the workbench. */
export default function StaffLoginPage() {
  const { values, errors, formError, submitting, change, blur, submit } = useSchemaForm({
    initial: { username: '', password: '' },
    schema: staffLoginRequestSchema,
    fieldSchemas: { username: staffLoginRequestSchema.shape.username },
    explainError: (err) => staffLoginMessage(err),
    clearOnError: ['password'],
    onSubmit: async ({ username, password }) => {
      const session = await staffLogin(username, password);
      if (!isStaffRole(session.user.role)) return '该账号不是工作人员账号';
      void Taro.redirectTo({ url: WORKBENCH_ROUTE });
    },
  });

  useLoad(() => {
    installSession();
    // Signed in as staff already: straight to the workbench.
    if (isStaffRole(readSession()?.user.role)) void Taro.redirectTo({ url: WORKBENCH_ROUTE });
  });

  return (
    <View className="staff-login">
      <View className="staff-login__banner">
        <Text className="staff-login__title">工作人员登录</Text>
        <Text className="staff-login__subtitle">
          窗口、部门工作人员与督查人员使用单位分配的账号登录工作台
        </Text>
      </View>
      <View className="form-card">
        <FormField
          label="用户名"
          name="username"
          value={values.username}
          placeholder="请输入用户名"
          maxlength={64}
          error={errors.username}
          disabled={submitting}
          onChange={change('username')}
          onBlur={blur('username')}
        />
        <FormField
          label="密码"
          name="password"
          password
          value={values.password}
          placeholder="请输入密码"
          maxlength={256}
          error={errors.password}
          disabled={submitting}
          onChange={change('password')}
          onConfirm={() => void submit()}
        />
      </View>
      <FormError message={formError} />
      <View className="form-actions">
        <Button type="primary" block disabled={submitting} loading={submitting} onClick={() => void submit()}>
          {submitting ? '正在登录…' : '登录'}
        </Button>
      </View>
      <Text className="form-note">账号由管理员分配。连续多次输错密码，账号将被临时锁定。</Text>
    </View>
  );
}
