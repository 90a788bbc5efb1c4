import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { RevealedIdentity } from '@app/shared';
import { reportError } from '../utils/confirm';
import { FormError } from './form-field';
import { Button } from './nut';
import './identity-reveal.scss';

export interface IdentityRevealProps {
  /** Asks the BFF (which audits every call) for the full name and the ID number's last 4. */
  reveal: () => Promise<RevealedIdentity>;
  /** What the masked line says before the tap (lists show "张*"). */
  hint: string;
  /** data-testid of the revealed block. */
  testId: string;
}

/**
 * 核对身份: the full name and the ID number's last 4, only after an explicit tap, to verify the person at
 * the window; 隐藏 hides them again. One component for the staff case page and 预约签到.
 */
export function IdentityReveal({ reveal, hint, testId }: IdentityRevealProps) {
  const [shown, setShown] = useState<RevealedIdentity>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setShown(await reveal());
    } catch (err) {
      setError(reportError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="identity-reveal">
      {shown ? (
        <View data-testid={testId}>
          <Text className="identity-reveal__line">{`姓名：${shown.name}`}</Text>
          <Text className="identity-reveal__line">
            {shown.idNumberLast4 ? `身份证号后 4 位：${shown.idNumberLast4}` : '未登记身份证号'}
          </Text>
          <Text className="identity-reveal__note">仅用于窗口核对本人身份，本次查看已记入审计日志。</Text>
          <Button size="small" fill="outline" type="default" onClick={() => setShown(undefined)}>
            隐藏
          </Button>
        </View>
      ) : (
        <>
          <Text className="identity-reveal__note">{hint}</Text>
          <Button
            size="small"
            type="primary"
            fill="outline"
            loading={busy}
            disabled={busy}
            onClick={() => void run()}
          >
            查看全名和身份证后 4 位
          </Button>
        </>
      )}
      <FormError message={error} />
    </View>
  );
}
