import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/nut';
import { TAB_ROUTES, decodeParam } from '../../utils/routes';
import './index.scss';

/** Where an unknown address lands (app `onPageNotFound`): say so, and offer the way home. */
export default function NotFoundPage() {
  const { params } = useRouter();
  const path = decodeParam(params.path);
  return (
    <View className="not-found" data-testid="not-found">
      <Text className="not-found__code">404</Text>
      <Text className="not-found__title">页面不存在</Text>
      <Text className="not-found__text">您访问的页面不存在或已下线，可能是链接有误或版本已更新。</Text>
      {path ? <Text className="not-found__path">{path}</Text> : null}
      <View className="not-found__actions">
        <Button type="primary" block onClick={() => void Taro.switchTab({ url: TAB_ROUTES.home })}>
          返回首页
        </Button>
        <Button block fill="outline" onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}>
          去办事
        </Button>
      </View>
    </View>
  );
}
