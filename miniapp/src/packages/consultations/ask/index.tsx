import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { askConsultationRequestSchema, type FaqEntry, type ServiceItemSummary } from '@app/shared';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { newIdempotencyKey } from '../../../services/appointments';
import { ensureSession, installSession } from '../../../services/auth';
import { isTooLarge, type PickedFile } from '../../../services/cases';
import { listDepartments, listItems } from '../../../services/catalog';
import {
  answeredBeforeAsking,
  askConsultation,
  searchFaq,
  uploadPicture,
} from '../../../services/consultations';
import { toast } from '../../../utils/confirm';
import { consultationRoute, decodeParam, faqSearchRoute, guideRoute } from '../../../utils/routes';
import { Check, TextBox } from '../components/parts';
import './index.scss';

const UNSURE = '';
const MAX_PICTURES = 3;

/** The FAQ entries and guides that match what the person types (Chinese, pinyin, initials), debounced. */
function useSuggestions(text: string) {
  const [faq, setFaq] = useState<FaqEntry[]>([]);
  const [guides, setGuides] = useState<ServiceItemSummary[]>([]);
  const seq = useRef(0);
  useEffect(() => {
    const q = text.trim().slice(0, 100);
    if (Array.from(q).length < 2) {
      setFaq([]);
      setGuides([]);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      void Promise.all([
        searchFaq({ q, limit: 3 })
          .then((r) => r.items)
          .catch(() => []),
        listItems({ q: q.slice(0, 20), pageSize: 2 })
          .then((r) => r.items)
          .catch(() => []),
      ]).then(([f, g]) => {
        if (mine !== seq.current) return;
        setFaq(f);
        setGuides(g);
      });
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  return { faq, guides };
}

/** 我要咨询: from a guide (item and department filled in) or from 首页 / 我的 (department or 不清楚). */
export default function AskPage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const itemName = decodeParam(params.itemName);
  const [department, setDepartment] = useState(decodeParam(params.department) ?? UNSURE);
  const [title, setTitle] = useState(itemName ? `咨询：${itemName}`.slice(0, 50) : '');
  const [question, setQuestion] = useState('');
  const [callBack, setCallBack] = useState(false);
  const [pictures, setPictures] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const key = useMemo(() => newIdempotencyKey(), []);
  const departments = useRemote(() => (itemCode ? Promise.resolve([]) : listDepartments()), [itemCode]);
  const { faq, guides } = useSuggestions(question || title);

  const answered = async (faqId?: string) => {
    try {
      installSession();
      await ensureSession();
      await answeredBeforeAsking({ ...(faqId ? { faqId } : {}), ...(itemCode ? { itemCode } : {}) });
    } catch {
      // counting is best effort: the person got their answer either way
    }
    toast('很高兴帮到您', 'success');
    setTimeout(() => void Taro.navigateBack().catch(() => undefined), 800);
  };

  const pick = async () => {
    try {
      const res = await Taro.chooseImage({
        count: MAX_PICTURES - pictures.length,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      const picked = res.tempFiles.map((f, i) => ({
        path: f.path ?? res.tempFilePaths[i]!,
        name: `picture-${pictures.length + i + 1}.jpg`,
        size: f.size ?? 0,
        kind: 'image' as const,
      }));
      const tooBig = picked.filter(isTooLarge);
      if (tooBig.length) toast('图片不能超过 5 MB');
      setPictures([...pictures, ...picked.filter((p) => !isTooLarge(p))].slice(0, MAX_PICTURES));
    } catch {
      // cancelled
    }
  };

  const submit = async () => {
    const body = {
      title,
      question,
      callBack,
      ...(itemCode ? { itemCode } : {}),
      ...(department ? { department } : {}),
    };
    const parsed = askConsultationRequestSchema.safeParse(body);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setFormError(undefined);
    setSending(true);
    try {
      installSession();
      await ensureSession();
      const created = await askConsultation(parsed.data, key);
      for (const p of pictures) {
        try {
          await uploadPicture(created.id, p);
        } catch (err) {
          toast(`图片未能上传：${errorMessage(err)}`);
        }
      }
      toast('已提交，工作人员将在 3 个工作日内答复', 'success');
      void Taro.redirectTo({ url: consultationRoute(created.id) });
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="zx">
      <View
        className="zx-card zx-row"
        data-testid="ask-faq-search"
        onClick={() => void Taro.navigateTo({ url: faqSearchRoute(department ? { department } : {}) })}
      >
        <Text className="zx-muted">很多问题已有答复</Text>
        <Text className="zx-link">先查常见问题 ›</Text>
      </View>
      <View className="zx-card">
        {itemCode ? (
          <Text className="zx-muted" data-testid="ask-item">{`咨询事项：${itemName ?? itemCode}`}</Text>
        ) : (
          <View data-testid="department-picker">
            <Text className="zx-label">咨询部门</Text>
            <View className="zx-chips">
              <Text
                className={`zx-pick${department === UNSURE ? ' zx-pick--on' : ''}`}
                data-testid="dept-unsure"
                onClick={() => setDepartment(UNSURE)}
              >
                不清楚（综合咨询窗口）
              </Text>
              {(departments.data ?? []).map((d) => (
                <Text
                  key={d.code}
                  className={`zx-pick${department === d.code ? ' zx-pick--on' : ''}`}
                  data-testid={`dept-${d.code}`}
                  onClick={() => setDepartment(d.code)}
                >
                  {d.name}
                </Text>
              ))}
            </View>
            {departments.error ? (
              <Text className="zx-error">{`部门列表加载失败：${departments.error}`}</Text>
            ) : null}
          </View>
        )}
        <FormField
          label="标题"
          name="title"
          value={title}
          maxlength={50}
          error={errors.title}
          onChange={setTitle}
          placeholder="一句话概括您的问题"
        />
        <TextBox
          label="问题"
          name="question"
          value={question}
          max={1000}
          error={errors.question}
          onChange={setQuestion}
          placeholder="请描述您的问题（10–1000 字），请勿填写身份证号等个人信息"
        />
      </View>

      {faq.length || guides.length ? (
        <View className="zx-card" data-testid="suggestions">
          <Text className="zx-title">这些内容可能已经回答了您的问题</Text>
          {faq.map((e) => (
            <View key={e.id} className="zx-suggest" data-testid={`suggestion-${e.id}`}>
              <Text
                className="zx-text"
                onClick={() => setOpen(open === e.id ? null : e.id)}
              >{`问：${e.question}`}</Text>
              {open === e.id ? (
                <View>
                  <Text className="zx-text">{`答：${e.answer}`}</Text>
                  <Button
                    size="small"
                    type="primary"
                    data-testid="answered-before-asking"
                    onClick={() => void answered(e.id)}
                  >
                    已解决，不用咨询了
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
          {guides.map((g) => (
            <View key={g.code} className="zx-suggest">
              <Text
                className="zx-text"
                onClick={() => void Taro.navigateTo({ url: guideRoute(g.code) })}
              >{`办事指南：${g.name}`}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className="zx-card">
        <Text className="zx-label">{`图片（选填，最多 ${MAX_PICTURES} 张，JPG/PNG，每张不超过 5 MB）`}</Text>
        {pictures.map((p, i) => (
          <View key={p.path} className="zx-row">
            <Text className="zx-muted">{p.name}</Text>
            <Text className="zx-muted" onClick={() => setPictures(pictures.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
        ))}
        {pictures.length < MAX_PICTURES ? (
          <View className="zx-actions">
            <Button size="small" fill="outline" onClick={() => void pick()}>
              添加图片
            </Button>
          </View>
        ) : null}
        <Check checked={callBack} onChange={setCallBack} label="同意工作人员电话回复" testId="call-back" />
        <FormError message={formError} />
        <View className="zx-actions">
          <Button
            block
            type="primary"
            loading={sending}
            disabled={sending}
            data-testid="submit"
            onClick={() => void submit()}
          >
            提交咨询
          </Button>
        </View>
      </View>
    </View>
  );
}
