import Taro from '@tarojs/taro';
import { errorMessage } from '../services/api-client';

/** A native confirmation dialog (both platforms): resolves true only when the person confirms. */
export async function confirmAction(
  title: string,
  content: string,
  confirmText = '确定',
  /** Never 取消 when the action itself is a 取消 (取消 / 取消预约 reads as two ways to cancel). */
  cancelText = '取消',
): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title,
      content,
      confirmText,
      cancelText,
      confirmColor: '#1f5fbf',
    });
    return Boolean(res.confirm);
  } catch {
    return false;
  }
}

/** A short message toast (no icon: Chinese sentences need the width). */
export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title, icon, duration: 2000 });
}

/**
 * The one way a failed action tells the person: a toast now (seen wherever the page is scrolled),
 * and the message back for the page to keep next to the action (`ActionBar` error / `FormError`).
 */
export function reportError(err: unknown): string {
  const message = errorMessage(err);
  toast(message);
  return message;
}
