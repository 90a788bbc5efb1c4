import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './action-bar.scss';

export interface ActionBarProps {
  /** The last action's failure, shown inside the bar right above its buttons (never hidden under it). */
  error?: string | null;
  /** Extra content above the buttons (e.g. a 加入候补 choice belonging to the error). */
  errorActions?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/**
 * The bar fixed at the bottom of a page with its main action. An action's error is drawn INSIDE the
 * bar, next to the button that failed: content under a fixed bar is out of sight, so an error placed
 * in the page body looks like "tapping does nothing". Pages pair it with a toast (`reportError`).
 */
export function ActionBar({ error, errorActions, testId, children }: ActionBarProps) {
  return (
    <View className="action-bar" data-testid={testId ?? 'action-bar'}>
      {error ? (
        <View className="action-bar__error" role="alert" data-testid="action-error">
          <Text className="action-bar__error-text">{error}</Text>
          {errorActions ? <View className="action-bar__error-actions">{errorActions}</View> : null}
        </View>
      ) : null}
      <View className="action-bar__buttons">{children}</View>
    </View>
  );
}
