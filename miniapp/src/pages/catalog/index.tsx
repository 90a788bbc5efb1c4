import { View } from '@tarojs/components';
import { CatalogBrowser } from '../../components/catalog-browser';
import './index.scss';

/** 办事: every published item, by department and theme, with filters and search. */
export default function CatalogPage() {
  return (
    <View className="catalog-page">
      <CatalogBrowser />
    </View>
  );
}
