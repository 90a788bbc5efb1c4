import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ERROR_CODES, staffLoginRequestSchema } from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { ApiError } from '../../../services/api-client';
import { installSession, isStaffRole, readSession, staffLogin } from '../../../services/auth';
import { formatChinaTime } from '../../../utils/format';
import { fieldError, submitErrors, validateForm, type FieldErrors } from '../../../utils/form';
import { WORKBENCH_ROUTE } from '../../../utils/routes';
import './index.scss';

type Field = 'username' | 'password';
const FIELDS: readonly Field[] = ['username', 'password'];

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
    return at ? `登录失败次数过多，账号已临时锁定，请于 ${at} 后再试` : ERROR_CODES.ACCOUNT_LOCKED.message;
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
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  useLoad(() => {
    installSession();
    // Signed in as staff already: straight to the workbench.
    if (isStaffRole(readSession()?.user.role)) void Taro.redirectTo({ url: WORKBENCH_ROUTE });
  });

  const change = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async () => {
    if (submitting) return;
    setFormError(undefined);
    const checked = validateForm(staffLoginRequestSchema, values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const session = await staffLogin(checked.data.username, checked.data.password);
      if (!isStaffRole(session.user.role)) {
        setFormError('该账号不是工作人员账号');
        return;
      }
      void Taro.redirectTo({ url: WORKBENCH_ROUTE });
    } catch (err) {
      const special = staffLoginMessage(err);
      if (special) {
        setFormError(special);
      } else {
        const { fields, message } = submitErrors(err, FIELDS);
        setErrors(fields);
        setFormError(message);
      }
      setValues((v) => ({ ...v, password: '' }));
    } finally {
      setSubmitting(false);
    }
  };

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
          onBlur={(v) =>
            v.trim() &&
            setErrors((e) => ({ ...e, username: fieldError(staffLoginRequestSchema.shape.username, v) }))
          }
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
