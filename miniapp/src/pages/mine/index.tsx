import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TAB_ROUTES } from '../../utils/routes';
import './index.scss';

/** 我的: login, appointments, cases and ratings arrive in later issues; only working links here. */
export default function MinePage() {
  return (
    <View className="mine">
      <View className="mine__profile">
        <View className="mine__avatar">
          <Text className="mine__avatar-text">访客</Text>
        </View>
        <View className="mine__who">
          <Text className="mine__name">您好，访客</Text>
          <Text className="mine__hint">登录与个人中心即将开放，届时可查看预约、办件进度和评价。</Text>
        </View>
      </View>

      <View className="mine__list">
        <View
          className="mine__row"
          hoverClass="mine__row--pressed"
          onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}
        >
          <Text className="mine__row-title">办事指南</Text>
          <Text className="mine__row-desc">按部门、主题查找事项，材料一次告知</Text>
          <Text className="mine__arrow">›</Text>
        </View>
        <View
          className="mine__row"
          hoverClass="mine__row--pressed"
          onClick={() => void Taro.switchTab({ url: TAB_ROUTES.home })}
        >
          <Text className="mine__row-title">热门事项</Text>
          <Text className="mine__row-desc">大家常办的事</Text>
          <Text className="mine__arrow">›</Text>
        </View>
      </View>

      <View className="mine__about">
        <Text className="mine__about-title">关于“最多跑一次”</Text>
        <Text className="mine__about-text">
          群众和企业到政府办理一件事情，在申请材料齐全、符合法定受理条件时，从受理申请到形成办理结果全过程只需一次上门或零上门。
        </Text>
      </View>
    </View>
  );
}
