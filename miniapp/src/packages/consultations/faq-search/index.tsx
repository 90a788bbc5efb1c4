import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { listDepartments } from '../../../services/catalog';
import { searchFaq } from '../../../services/consultations';
import { consultationAskRoute, decodeParam, faqRoute } from '../../../utils/routes';
import './index.scss';

/** 常见问题: public search (no login) by words, pinyin or initials, optionally within one department. */
export default function FaqSearchPage() {
  const { params } = useRouter();
  const [text, setText] = useState(decodeParam(params.q) ?? '');
  const [query, setQuery] = useState({
    q: decodeParam(params.q) ?? '',
    department: decodeParam(params.department) ?? '',
  });
  const departments = useRemote(() => listDepartments(), []);
  const results = useRemote(
    () =>
      searchFaq({
        ...(query.q.trim() ? { q: query.q.trim() } : {}),
        ...(query.department ? { department: query.department } : {}),
        limit: 30,
      }),
    [query.q, query.department],
  );
  const search = () => setQuery((prev) => ({ ...prev, q: text }));
  const pickDepartment = (department: string) => setQuery((prev) => ({ ...prev, q: text, department }));
  const items = results.data?.items ?? [];

  return (
    <View className="zx">
      <View className="zx-card">
        <View className="zx-row">
          <Input
            className="zx-input"
            style={{ flex: 1, marginRight: '12px' }}
            aria-label="搜索常见问题"
            placeholder="输入问题关键词，支持拼音和首字母"
            value={text}
            onInput={(e) => setText(e.detail.value)}
            onConfirm={search}
          />
          <Button type="primary" size="small" data-testid="faq-search" onClick={search}>
            搜索
          </Button>
        </View>
        <View className="zx-chips" data-testid="faq-departments">
          <Text
            className={`zx-pick${query.department === '' ? ' zx-pick--on' : ''}`}
            data-testid="dept-all"
            onClick={() => pickDepartment('')}
          >
            全部部门
          </Text>
          {(departments.data ?? []).map((d) => (
            <Text
              key={d.code}
              className={`zx-pick${query.department === d.code ? ' zx-pick--on' : ''}`}
              data-testid={`dept-${d.code}`}
              onClick={() => pickDepartment(d.code)}
            >
              {d.name}
            </Text>
          ))}
        </View>
        {departments.error ? (
          <Text className="zx-muted">{`部门列表加载失败，可直接搜索：${departments.error}`}</Text>
        ) : null}
      </View>
      <StatusView loading={results.loading} error={results.error} onRetry={results.reload}>
        {items.length === 0 ? (
          <View className="zx-card" data-testid="empty">
            <Text className="zx-muted">没有找到相关的常见问题，可以换个说法，或直接向部门咨询。</Text>
            <Text
              className="zx-link"
              data-testid="empty-ask"
              onClick={() =>
                void Taro.navigateTo({
                  url: consultationAskRoute(query.department ? { department: query.department } : {}),
                })
              }
            >
              我要咨询 ›
            </Text>
          </View>
        ) : (
          <>
            <Text className="zx-muted" style={{ margin: '16px 24px 0' }}>
              {query.q.trim() ? `找到 ${results.data!.total} 条` : '热门问题'}
            </Text>
            {items.map((e) => (
              <View
                key={e.id}
                className="zx-card"
                data-testid={`faq-${e.id}`}
                onClick={() => void Taro.navigateTo({ url: faqRoute(e.id) })}
              >
                <Text className="zx-title">{`问：${e.question}`}</Text>
                <Text className="zx-text">
                  {e.answer.length > 80 ? `${e.answer.slice(0, 80)}…` : e.answer}
                </Text>
                <Text className="zx-muted">
                  {`${e.departments.map((d) => d.name).join('、') || '通用'} · 浏览 ${e.views} · 有帮助 ${e.helpful}`}
                </Text>
              </View>
            ))}
          </>
        )}
      </StatusView>
    </View>
  );
}
