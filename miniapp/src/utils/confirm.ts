import Taro from '@tarojs/taro';

/** A native confirmation dialog (both platforms): resolves true only when the person confirms. */
export async function confirmAction(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title,
      content,
      confirmText,
      cancelText: '取消',
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
