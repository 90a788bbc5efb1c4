import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useRemote } from '../hooks/use-remote';
import { searchFaq } from '../services/consultations';
import { consultationAskRoute, faqRoute } from '../utils/routes';
import { Button } from './nut';
import { StatusView } from './status-view';
import './faq-list.scss';

/**
 * 常见问题 of one item on its guide page (published entries attached to it), each opening its page
 * (有帮助 / 没帮助), and 咨询此事项 with the item and its department filled in.
 */
export function GuideFaq({
  itemCode,
  itemName,
  department,
}: {
  itemCode: string;
  itemName: string;
  department: string;
}) {
  const faq = useRemote(() => searchFaq({ item: itemCode, limit: 5 }), [itemCode]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <View className="faq-list" data-testid="guide-faq">
      <Text className="faq-list__title">常见问题</Text>
      <StatusView
        compact
        loading={faq.loading}
        error={faq.error}
        onRetry={faq.reload}
        empty={faq.data?.items.length === 0}
        emptyText="暂无常见问题"
      >
        {faq.data?.items.map((e) => (
          <View key={e.id} className="faq-list__entry" data-testid={`faq-${e.id}`}>
            <Text className="faq-list__q" onClick={() => setOpen(open === e.id ? null : e.id)}>
              {`问：${e.question}`}
            </Text>
            {open === e.id ? (
              <View>
                <Text className="faq-list__a">{`答：${e.answer}`}</Text>
                <Text
                  className="faq-list__link"
                  onClick={() => void Taro.navigateTo({ url: faqRoute(e.id) })}
                >
                  {`查看详情 · 有帮助 ${e.helpful}`}
                </Text>
              </View>
            ) : null}
          </View>
        ))}
      </StatusView>
      <View className="faq-list__ask">
        <Text className="faq-list__hint">没有找到答案？</Text>
        <Button
          size="small"
          type="primary"
          fill="outline"
          data-testid="ask-about-item"
          onClick={() =>
            void Taro.navigateTo({ url: consultationAskRoute({ itemCode, department, itemName }) })
          }
        >
          咨询此事项
        </Button>
      </View>
    </View>
  );
}
