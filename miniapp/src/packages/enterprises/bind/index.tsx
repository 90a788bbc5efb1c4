import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { bindEnterpriseRequestSchema, creditCodeSchema } from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { ensureSession } from '../../../services/auth';
import { bindEnterprise } from '../../../services/enterprises';
import { toast } from '../../../utils/confirm';
import { fieldError, submitErrors, validateForm, type FieldErrors } from '../../../utils/form';
import './index.scss';

type Field = 'creditCode' | 'name';
const FIELDS: readonly Field[] = ['creditCode', 'name'];
const nameSchema = bindEnterpriseRequestSchema.shape.name;

/** 绑定企业: 统一社会信用代码 (GB 32100-2015 check character, shared validator) and the enterprise name. */
export default function BindEnterprisePage() {
  const [values, setValues] = useState<Record<Field, string>>({ creditCode: '', name: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const change = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const blur = (field: Field) => (value: string) => {
    if (!value.trim()) return;
    setErrors((e) => ({
      ...e,
      [field]: fieldError(field === 'creditCode' ? creditCodeSchema : nameSchema, value),
    }));
  };

  const submit = async () => {
    if (submitting) return;
    setFormError(undefined);
    const checked = validateForm(bindEnterpriseRequestSchema, values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await ensureSession();
      const membership = await bindEnterprise(checked.data);
      toast(
        membership.status === 'active'
          ? membership.role === 'admin'
            ? '绑定成功，您是该企业的管理员'
            : '绑定成功'
          : membership.status === 'pending'
            ? '已提交，等待企业管理员审核'
            : '企业管理员未通过您的绑定申请',
        membership.status === 'active' ? 'success' : 'none',
      );
      setTimeout(() => void Taro.navigateBack(), 800);
    } catch (err) {
      const { fields, message } = submitErrors(err, FIELDS);
      setErrors(fields);
      setFormError(message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="enterprises">
      <Text className="form-note">
        首位绑定企业的人成为该企业的管理员；之后绑定的人须经企业管理员审核通过后，才能代表企业办事。
      </Text>
      <View className="form-card">
        <FormField
          label="统一社会信用代码"
          name="creditCode"
          value={values.creditCode}
          placeholder="18 位，见营业执照"
          maxlength={18}
          error={errors.creditCode}
          disabled={submitting}
          onChange={change('creditCode')}
          onBlur={blur('creditCode')}
        />
        <FormField
          label="企业名称"
          name="name"
          value={values.name}
          placeholder="与营业执照一致"
          maxlength={100}
          error={errors.name}
          disabled={submitting}
          onChange={change('name')}
          onBlur={blur('name')}
          onConfirm={() => void submit()}
        />
      </View>
      <FormError message={formError} />
      <View className="form-actions">
        <Button type="primary" block disabled={submitting} loading={submitting} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '绑定企业'}
        </Button>
      </View>
    </View>
  );
}
