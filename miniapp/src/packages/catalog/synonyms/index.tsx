import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { synonymInputSchema, type Synonym } from '@app/shared';
import { FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { deleteSynonym, listSynonyms, saveSynonym } from '../../../services/catalog';
import { confirmAction, reportError, toast } from '../../../utils/confirm';
import { submitErrors, zodFieldErrors, type FieldErrors } from '../../../utils/form';
import './index.scss';

type Field = 'term' | 'expansions';
const EMPTY: Record<Field, string> = { term: '', expansions: '' };
const FIELDS: readonly Field[] = ['term', 'expansions'];

/** 营业执照、开公司 → ['营业执照', '开公司']: the way people list words in Chinese, or with commas. */
export function splitWords(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

/**
 * 搜索同义词 (admins): the city-wide table search expands queries with (营业执照 → 设立登记).
 * A save reaches every search at once (the BFF bumps the catalog version).
 */
export default function SynonymsPage() {
  const [items, setItems] = useState<Synonym[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Record<Field, string>>(EMPTY);
  const [editing, setEditing] = useState<Synonym | undefined>();
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems(await listSynonyms());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const reset = () => {
    setDraft(EMPTY);
    setEditing(undefined);
    setErrors({});
    setFormError(undefined);
  };

  const edit = (s: Synonym) => {
    setEditing(s);
    setDraft({ term: s.term, expansions: s.expansions.join('、') });
    setErrors({});
    setFormError(undefined);
  };

  const save = async () => {
    const parsed = synonymInputSchema.safeParse({
      term: draft.term,
      expansions: splitWords(draft.expansions),
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors<Field>(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    try {
      await saveSynonym(parsed.data, editing?.id);
      toast(editing ? '已保存，搜索已生效' : '已添加，搜索已生效');
      reset();
      await load();
    } catch (err) {
      const { fields, message } = submitErrors(err, FIELDS);
      setErrors(fields);
      setFormError(message);
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (s: Synonym) => {
    if (
      !(await confirmAction(
        '删除同义词',
        `删除“${s.term}”后，搜索它不再带出“${s.expansions.join('、')}”。`,
        '删除',
        '再想想',
      ))
    )
      return;
    try {
      await deleteSynonym(s.id);
      toast('已删除');
      if (editing?.id === s.id) reset();
      await load();
    } catch (err) {
      reportError(err);
    }
  };

  const change = (field: Field) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  return (
    <View className="synonyms">
      <View className="synonyms__form">
        <Text className="synonyms__form-title">{editing ? `修改“${editing.term}”` : '新增同义词'}</Text>
        <FormField
          label="词语"
          name="term"
          value={draft.term}
          placeholder="群众常说的词，如 营业执照"
          maxlength={20}
          error={errors.term}
          onChange={change('term')}
        />
        <FormField
          label="同义词"
          name="expansions"
          value={draft.expansions}
          placeholder="目录中的说法，多个用顿号分隔，如 设立登记"
          maxlength={200}
          error={errors.expansions}
          hint="搜索该词语时，名称含这些词的事项也会列出"
          onChange={change('expansions')}
          onConfirm={() => void save()}
        />
        {formError ? (
          <View className="synonyms__error" role="alert">
            <Text>{formError}</Text>
          </View>
        ) : null}
        <View className="synonyms__actions">
          {editing ? (
            <Button size="small" fill="outline" type="default" onClick={reset}>
              取消修改
            </Button>
          ) : null}
          <Button size="small" type="primary" disabled={busy} loading={busy} onClick={() => void save()}>
            {editing ? '保存' : '添加'}
          </Button>
        </View>
      </View>

      <StatusView
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText="还没有同义词"
        onRetry={() => void load()}
      >
        <Text className="synonyms__total">{`共 ${items.length} 条`}</Text>
        {items.map((s) => (
          <View key={s.id} className="synonyms__entry" data-testid="synonym">
            <View className="synonyms__entry-text">
              <Text className="synonyms__term">{s.term}</Text>
              <Text className="synonyms__arrow">→</Text>
              <Text className="synonyms__expansions">{s.expansions.join('、')}</Text>
            </View>
            <View className="synonyms__entry-actions">
              <Text className="synonyms__link" onClick={() => edit(s)}>
                修改
              </Text>
              <Text className="synonyms__link synonyms__link--danger" onClick={() => void remove(s)}>
                删除
              </Text>
            </View>
          </View>
        ))}
      </StatusView>
    </View>
  );
}
