import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from './nut';
import './status-view.scss';

export interface StatusViewProps {
  loading: boolean;
  error: string | null;
  empty?: boolean;
  emptyText?: string;
  onRetry: () => void;
  /** Smaller paddings for a section inside a page. */
  compact?: boolean;
  children?: ReactNode;
}

/** Loading / error (with 重试) / empty, or the content. */
export function StatusView({
  loading,
  error,
  empty,
  emptyText,
  onRetry,
  compact,
  children,
}: StatusViewProps) {
  const cls = `status-view${compact ? ' status-view--compact' : ''}`;
  if (loading) {
    return (
      <View className={`${cls} status-view--loading`} aria-busy="true">
        <View className="status-view__spinner" />
        <Text className="status-view__text">加载中…</Text>
      </View>
    );
  }
  if (error) {
    return (
      <View className={`${cls} status-view--error`} role="alert">
        <Text className="status-view__title">加载失败</Text>
        <Text className="status-view__text">{error}</Text>
        <Button className="status-view__retry" size="small" type="primary" fill="outline" onClick={onRetry}>
          重试
        </Button>
      </View>
    );
  }
  if (empty) {
    return (
      <View className={`${cls} status-view--empty`}>
        <Text className="status-view__text">{emptyText ?? '暂无内容'}</Text>
      </View>
    );
  }
  return <>{children}</>;
}
