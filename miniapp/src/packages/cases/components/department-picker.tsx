import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { Department } from '@app/shared';
import { matchDepartments } from '../../../components/catalog-browser';
import { listDepartments } from '../../../services/catalog';

export interface DepartmentPickerProps {
  label: string;
  value: string[];
  onChange: (codes: string[]) => void;
  /** The lead department (not offered as its own parallel department). */
  exclude?: string;
  disabled?: boolean;
}

/**
 * Picks departments from the city's list (search by name, pinyin or initials) instead of typing
 * department codes: the chosen ones first (tap to remove), then the matches (tap to add).
 */
export function DepartmentPicker({ label, value, onChange, exclude, disabled }: DepartmentPickerProps) {
  const [all, setAll] = useState<Department[]>([]);
  const [error, setError] = useState(false);
  const [query, setQuery] = useState('');
  useEffect(() => {
    let alive = true;
    listDepartments().then(
      (list) => alive && setAll(list.filter((d) => d.code !== exclude)),
      () => alive && setError(true),
    );
    return () => {
      alive = false;
    };
  }, [exclude]);

  const chosen = value.map((code) => all.find((d) => d.code === code) ?? { code, name: code });
  const matches = matchDepartments(all, query).filter((d) => !value.includes(d.code));
  const shown = query.trim() ? matches : matches.slice(0, 8);
  const toggle = (code: string) =>
    !disabled && onChange(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);

  return (
    <View className="dept-picker" data-testid="department-picker">
      <Text className="form-field__label">{label}</Text>
      {chosen.length ? (
        <View className="dept-picker__chips" data-testid="department-chosen">
          {chosen.map((d) => (
            <Text
              key={d.code}
              className="dept-picker__chip dept-picker__chip--on"
              onClick={() => toggle(d.code)}
            >
              {`${d.name} ×`}
            </Text>
          ))}
        </View>
      ) : null}
      <Input
        className="dept-picker__search"
        value={query}
        disabled={disabled}
        placeholder="搜索部门：名称或拼音，如 住建 / zj"
        aria-label="搜索并联部门"
        onInput={(e) => setQuery(e.detail.value)}
      />
      {error ? <Text className="case-warn">部门列表加载失败，请稍后重试</Text> : null}
      <View className="dept-picker__chips" data-testid="department-options">
        {shown.map((d) => (
          <Text key={d.code} className="dept-picker__chip" onClick={() => toggle(d.code)}>
            {d.name}
          </Text>
        ))}
        {query.trim() && !shown.length ? <Text className="case-muted">没有匹配的部门</Text> : null}
      </View>
    </View>
  );
}
