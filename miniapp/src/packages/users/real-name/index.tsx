import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  idNumberSchema,
  mobileSchema,
  personNameSchema,
  realNameProfileRequestSchema,
  type MeResponse,
} from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ensureSession } from '../../../services/auth';
import { getMe, saveRealNameProfile } from '../../../services/users';
import { toast } from '../../../utils/confirm';
import './index.scss';

function RealNameForm({ me }: { me: MeResponse }) {
  const { values, errors, formError, submitting, change, blur, submit } = useSchemaForm({
    initial: { name: me.name ?? '', idNumber: me.idNumber ?? '', phone: me.phone ?? '' },
    schema: realNameProfileRequestSchema,
    fieldSchemas: { name: personNameSchema, idNumber: idNumberSchema, phone: mobileSchema },
    onSubmit: async (data) => {
      await saveRealNameProfile(data);
      toast('实名信息已保存', 'success');
      setTimeout(() => void Taro.navigateBack(), 600);
    },
  });

  return (
    <>
      <Text className="form-note">
        请填写本人真实信息。身份证号和手机号仅用于办事身份核验，在列表与日志中均脱敏显示。
      </Text>
      <View className="form-card">
        <FormField
          label="姓名"
          name="name"
          value={values.name}
          placeholder="与身份证一致"
          maxlength={30}
          error={errors.name}
          disabled={submitting}
          onChange={change('name')}
          onBlur={blur('name')}
        />
        <FormField
          label="身份证号"
          name="idNumber"
          type="idcard"
          value={values.idNumber}
          placeholder="18 位居民身份证号"
          maxlength={18}
          error={errors.idNumber}
          disabled={submitting}
          onChange={change('idNumber')}
          onBlur={blur('idNumber')}
        />
        <FormField
          label="手机号"
          name="phone"
          type="number"
          value={values.phone}
          placeholder="11 位大陆手机号码"
          maxlength={11}
          error={errors.phone}
          disabled={submitting}
          onChange={change('phone')}
          onBlur={blur('phone')}
          onConfirm={() => void submit()}
        />
      </View>
      <FormError message={formError} />
      <View className="form-actions">
        <Button type="primary" block disabled={submitting} loading={submitting} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '提交实名信息'}
        </Button>
      </View>
    </>
  );
}

/** 实名信息 form: the shared validators show Chinese messages inline before anything is sent. */
export default function RealNamePage() {
  const me = useRemote(async () => {
    await ensureSession();
    return getMe();
  }, []);

  return (
    <View className="real-name">
      <StatusView loading={me.loading} error={me.error} onRetry={me.reload}>
        {me.data ? <RealNameForm me={me.data} /> : null}
      </StatusView>
    </View>
  );
}
