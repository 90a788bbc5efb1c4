import Taro from '@tarojs/taro';

/** Reminder templates (订阅消息: the day before, one hour before), set at build time. */
const DEFAULT_TEMPLATE_IDS = ['appointment-reminder'];

export function reminderTemplateIds(): string[] {
  const configured =
    typeof SUBSCRIBE_TEMPLATE_IDS === 'string'
      ? SUBSCRIBE_TEMPLATE_IDS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  return configured.length ? configured : DEFAULT_TEMPLATE_IDS;
}

/**
 * Asks for the reminder subscription. MUST be called synchronously inside the tap handler, before any
 * `await` (WeChat refuses the prompt outside a direct user gesture). H5 has no subscribe messages: skipped.
 * Never rejects: a refusal or failure only means no reminder.
 */
export function promptReminderSubscription(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve();
  try {
    // Taro's Option type wants alipay's `entityIds` too; WeChat takes `tmplIds` alone.
    const option = { tmplIds: reminderTemplateIds() } as Taro.requestSubscribeMessage.Option;
    return Taro.requestSubscribeMessage(option).then(
      () => undefined,
      () => undefined,
    );
  } catch {
    return Promise.resolve();
  }
}
