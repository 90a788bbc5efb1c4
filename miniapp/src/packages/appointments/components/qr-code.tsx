import { useMemo } from 'react';
import { Image, Text, View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import './qr-code.scss';

/**
 * A GIF data URL of the QR code of `payload`: qrcode-generator encodes the matrix and the GIF in pure JS
 * (no canvas), so the same `<Image>` works in the mini-program and on H5.
 */
export function qrDataUrl(payload: string, cellSize = 8, margin = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(payload, 'Byte');
  qr.make();
  return qr.createDataURL(cellSize, margin);
}

/** The ticket's QR code (what staff scan at check-in), with the payload's failure as text. */
export function QrCode({ payload, caption }: { payload: string; caption?: string }) {
  const src = useMemo(() => {
    try {
      return qrDataUrl(payload);
    } catch {
      return '';
    }
  }, [payload]);
  return (
    <View className="qr-code" data-testid="qr-code">
      {src ? (
        <Image className="qr-code__image" src={src} mode="aspectFit" data-payload={payload} />
      ) : (
        <Text className="qr-code__fallback">二维码生成失败，请出示预约码</Text>
      )}
      {caption ? <Text className="qr-code__caption">{caption}</Text> : null}
    </View>
  );
}
