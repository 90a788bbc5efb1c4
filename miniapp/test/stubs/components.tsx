// @tarojs/components as plain DOM for jsdom: Taro-only props are dropped.
import type { ReactNode } from 'react';

type Props = Record<string, unknown> & { children?: ReactNode };

const TARO_ONLY = new Set([
  'hoverClass',
  'scrollX',
  'scrollY',
  'enhanced',
  'showScrollbar',
  'mode',
  'lazyLoad',
  'placeholderClass',
]);

function domProps(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!TARO_ONLY.has(k)) out[k] = v;
  return out;
}

export const View = ({ children, ...rest }: Props) => <div {...domProps(rest)}>{children}</div>;
export const Text = ({ children, ...rest }: Props) => <span {...domProps(rest)}>{children}</span>;
export const ScrollView = ({ children, ...rest }: Props) => <div {...domProps(rest)}>{children}</div>;
export const Button = ({ children, ...rest }: Props) => (
  <button type="button" {...domProps(rest)}>
    {children}
  </button>
);
export const Image = (props: Props) => <img alt="" {...domProps(props)} />;
type InputEvent = { detail: { value: string } };
/** Taro's Input reports `e.detail.value` through onInput / onBlur / onConfirm. */
export const Input = ({
  onInput,
  onBlur,
  onConfirm,
  password,
  maxlength,
  type: _type,
  ...rest
}: Props & {
  onInput?: (e: InputEvent) => void;
  onBlur?: (e: InputEvent) => void;
  onConfirm?: (e: InputEvent) => void;
  password?: boolean;
  maxlength?: number;
}) => (
  <input
    type={password ? 'password' : 'text'}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    onBlur={(e) => onBlur?.({ detail: { value: e.target.value } })}
    onKeyDown={(e) => {
      if (e.key === 'Enter') onConfirm?.({ detail: { value: (e.target as HTMLInputElement).value } });
    }}
    {...domProps(rest)}
  />
);

/** Taro's Textarea, like Input: `e.detail.value` through onInput / onBlur. */
export const Textarea = ({
  onInput,
  onBlur,
  maxlength,
  ...rest
}: Props & {
  onInput?: (e: InputEvent) => void;
  onBlur?: (e: InputEvent) => void;
  maxlength?: number;
}) => (
  <textarea
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    onBlur={(e) => onBlur?.({ detail: { value: e.target.value } })}
    {...domProps(rest)}
  />
);
