import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ServiceItemSummary } from '@app/shared';
import { Tag } from './nut';
import { TripsBadge } from './trips-badge';
import { formatWorkingDays } from '../utils/format';
import { guideRoute } from '../utils/routes';
import './item-row.scss';

/** One service item in a list: tap to open its guide. */
export function ItemRow({ item }: { item: ServiceItemSummary }) {
  const open = () => {
    void Taro.navigateTo({ url: guideRoute(item.code) });
  };
  return (
    <View className="item-row" hoverClass="item-row--pressed" onClick={open} data-testid="item-row">
      <Text className="item-row__name">{item.name}</Text>
      <Text className="item-row__dept">{item.departmentName}</Text>
      <View className="item-row__meta">
        <TripsBadge maxTrips={item.maxTrips} />
        {item.onlineCapable ? (
          <Tag className="item-row__tag" type="success" plain round>
            可网办
          </Tag>
        ) : null}
        <Text className="item-row__days">承诺时限 {formatWorkingDays(item.promisedLimitDays)}</Text>
      </View>
    </View>
  );
}
