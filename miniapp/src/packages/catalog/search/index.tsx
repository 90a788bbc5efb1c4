import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { CatalogBrowser } from '../../../components/catalog-browser';
import { decodeParam } from '../../../utils/routes';
import './index.scss';

/** Search results (from 首页) and theme lists (主题 tiles): the same browser, opened with filters. */
export default function SearchPage() {
  const { params } = useRouter();
  const initialQ = decodeParam(params.q);
  const theme = decodeParam(params.theme);
  const title = decodeParam(params.title);
  // The title follows the search shown, not only the one the page was opened with.
  const [q, setQ] = useState(initialQ);

  useEffect(() => {
    const text = title ?? (q ? `搜索：${q}` : '搜索事项');
    void Taro.setNavigationBarTitle({ title: text });
  }, [q, title]);

  return (
    <View className="search-page">
      {title ? (
        <View className="search-page__head">
          <Text className="search-page__title">{title}</Text>
          <Text className="search-page__hint">本主题下的事项，一次告知全部材料</Text>
        </View>
      ) : null}
      <CatalogBrowser initialFilters={{ q: initialQ, theme }} showCategories={!theme} onQueryChange={setQ} />
    </View>
  );
}
