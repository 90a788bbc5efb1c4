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
export const Input = (props: Props) => <input {...domProps(props)} />;
