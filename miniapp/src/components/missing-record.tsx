import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useRouteParam } from '../hooks/use-route-param';
import { Button } from './nut';
import './missing-record.scss';

export const MISSING_RECORD_TEXT = '未找到该记录，请从列表进入';

export interface MissingRecordProps {
  /** The list the record is opened from: the button goes there (in place of this page). */
  listRoute: string;
  /** The button's words, e.g. 返回我的投诉. */
  listLabel: string;
  text?: string;
}

/**
 * A record page opened without its id (a cut or hand-made link, an old share): nothing to ask the BFF
 * for, so say so and lead back to the list instead of a 加载失败 with a 重试 that cannot help.
 */
export function MissingRecord({ listRoute, listLabel, text = MISSING_RECORD_TEXT }: MissingRecordProps) {
  return (
    <View className="missing-record" role="alert" data-testid="missing-record">
      <Text className="missing-record__title">{text}</Text>
      <Button
        className="missing-record__back"
        type="primary"
        fill="outline"
        onClick={() => void Taro.redirectTo({ url: listRoute })}
      >
        {listLabel}
      </Button>
    </View>
  );
}

export interface RequireRouteParamProps extends MissingRecordProps {
  /** The router param that names the record (`id`, `taskId`…). */
  name: string;
  /** The page itself, given the param; rendered (and so loading) only when there is one. */
  children: (value: string) => ReactNode;
}

/** Renders the page for the record the router names, or MissingRecord when it names none. */
export function RequireRouteParam({ name, children, ...missing }: RequireRouteParamProps) {
  const value = useRouteParam(name);
  return value ? <>{children(value)}</> : <MissingRecord {...missing} />;
}
