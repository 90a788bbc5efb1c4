import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { ConsultationDetail } from '@app/shared';
import { errorMessage } from '../../../services/api-client';
import { downloadPicture } from '../../../services/consultations';
import { toast } from '../../../utils/confirm';

type Picture = ConsultationDetail['pictures'][number];

/**
 * The consultation's pictures as thumbnails: each downloaded with the bearer header (the route is behind
 * the consultation's access policy), tap → the image viewer over all of them; a failed one can be retried.
 */
export function Pictures({ pictures }: { pictures: Picture[] }) {
  const [paths, setPaths] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<Record<string, boolean>>({});
  const ids = pictures.map((p) => p.id).join(',');

  const fetchOne = async (p: Picture): Promise<string | undefined> => {
    try {
      const path = await downloadPicture(p);
      setPaths((prev) => ({ ...prev, [p.id]: path }));
      setFailed((prev) => ({ ...prev, [p.id]: false }));
      return path;
    } catch (err) {
      setFailed((prev) => ({ ...prev, [p.id]: true }));
      throw err;
    }
  };

  useEffect(() => {
    pictures.forEach((p) => void fetchOne(p).catch(() => undefined));
    // refetch only when the set of pictures changes
  }, [ids]);

  const open = async (p: Picture) => {
    try {
      const current = paths[p.id] ?? (await fetchOne(p));
      if (!current) return;
      const urls = pictures.map((x) => (x.id === p.id ? current : paths[x.id])).filter(Boolean) as string[];
      await Taro.previewImage({ urls, current });
    } catch (err) {
      toast(errorMessage(err));
    }
  };

  if (!pictures.length) return null;
  return (
    <View data-testid="pictures">
      <Text className="zx-muted">{`附图 ${pictures.length} 张（点击查看大图）`}</Text>
      <View className="zx-thumbs">
        {pictures.map((p, i) => (
          <View key={p.id} className="zx-thumb" data-testid={`picture-${p.id}`} onClick={() => void open(p)}>
            {paths[p.id] ? (
              <Image
                className="zx-thumb__img"
                src={paths[p.id]!}
                mode="aspectFill"
                aria-label={`附图 ${i + 1}`}
              />
            ) : (
              <Text className="zx-muted">{failed[p.id] ? '加载失败，点击重试' : '加载中…'}</Text>
            )}
          </View>
        ))}
      </View>
    </View>
  );
}
