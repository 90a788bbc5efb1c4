import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { ensureSession, installSession, readSession } from '../../../services/auth';
import { getFaq, voteFaq } from '../../../services/consultations';
import { toast } from '../../../utils/confirm';
import { guideRoute, faqSearchRoute } from '../../../utils/routes';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/** One FAQ entry: question, answer, related items, 有帮助 / 没帮助 (one vote per person). */
function FaqEntry({ id }: { id: string }) {
  const entry = useRemote(() => {
    if (readSession()) installSession();
    return getFaq(id);
  }, [id]);
  const [voted, setVoted] = useState<{ helpful: number; notHelpful: number; myVote: string }>();
  const [error, setError] = useState<string>();

  const vote = async (helpful: boolean) => {
    setError(undefined);
    try {
      installSession();
      await ensureSession();
      const after = await voteFaq(id, helpful);
      setVoted({ helpful: after.helpful, notHelpful: after.notHelpful, myVote: after.myVote ?? '' });
      toast('感谢您的评价', 'success');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const e = entry.data;
  const myVote = voted?.myVote ?? e?.myVote;

  return (
    <View className="zx">
      <StatusView loading={entry.loading} error={entry.error} onRetry={entry.reload}>
        {e ? (
          <View className="zx-card">
            <Text className="zx-title">{`问：${e.question}`}</Text>
            <Text className="zx-text">{`答：${e.answer}`}</Text>
            {e.items.map((i) => (
              <Text
                key={i.code}
                className="zx-muted"
                onClick={() => void Taro.navigateTo({ url: guideRoute(i.code) })}
              >
                {`相关事项：${i.name}`}
              </Text>
            ))}
            <Text className="zx-muted">{`浏览 ${e.views} 次`}</Text>
            <View className="zx-actions">
              <Button
                size="small"
                type={myVote === 'helpful' ? 'primary' : 'default'}
                disabled={!!myVote}
                data-testid="vote-helpful"
                onClick={() => void vote(true)}
              >
                {`有帮助 ${voted?.helpful ?? e.helpful}`}
              </Button>
              <Button
                size="small"
                type={myVote === 'not_helpful' ? 'primary' : 'default'}
                disabled={!!myVote}
                data-testid="vote-not-helpful"
                onClick={() => void vote(false)}
              >
                {`没帮助 ${voted?.notHelpful ?? e.notHelpful}`}
              </Button>
            </View>
            {error ? (
              <View role="alert">
                <Text className="zx-error">{error}</Text>
              </View>
            ) : null}
          </View>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function FaqPage() {
  return (
    <RequireRouteParam name="id" listRoute={faqSearchRoute()} listLabel="返回常见问题">
      {(id) => <FaqEntry id={id} />}
    </RequireRouteParam>
  );
}
