import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { bindEnterpriseRequestSchema, creditCodeSchema } from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ensureSession } from '../../../services/auth';
import { bindEnterprise } from '../../../services/enterprises';
import { toast } from '../../../utils/confirm';
import './index.scss';

/** 绑定企业: 统一社会信用代码 (GB 32100-2015 check character, shared validator) and the enterprise name. */
export default function BindEnterprisePage() {
  const { values, errors, formError, submitting, change, blur, submit } = useSchemaForm({
    initial: { creditCode: '', name: '' },
    schema: bindEnterpriseRequestSchema,
    fieldSchemas: { creditCode: creditCodeSchema, name: bindEnterpriseRequestSchema.shape.name },
    onSubmit: async (data) => {
      await ensureSession();
      const membership = await bindEnterprise(data);
      toast(
        membership.status === 'active'
          ? membership.role === 'admin'
            ? '绑定成功，您是该企业的管理员'
            : '绑定成功'
          : membership.status === 'pending'
            ? membership.role === 'admin'
              ? '已提交，请上传营业执照供核验'
              : '已提交，等待企业管理员审核'
            : '企业管理员未通过您的绑定申请',
        membership.status === 'active' ? 'success' : 'none',
      );
      setTimeout(() => void Taro.navigateBack(), 800);
    },
  });

  return (
    <View className="enterprises">
      <Text className="form-note">
        须先完成实名认证。首位绑定企业的人上传营业执照照片，经大厅工作人员核验后成为该企业的管理员；之后绑定的人须经企业管理员审核通过后，才能代表企业办事。
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
