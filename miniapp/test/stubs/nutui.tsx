// The few NutUI components the app uses, as plain DOM for jsdom.
import type { ReactNode } from 'react';

interface ButtonProps {
  children?: ReactNode;
  className?: string;
  disabled?: boolean;
  loading?: boolean;
  onClick?: () => void;
  'data-testid'?: string;
  /** NutUI's look, kept as data attributes so page tests can tell a real button from a bare word. */
  type?: string;
  fill?: string;
  block?: boolean;
}
export const Button = ({ children, className, disabled, loading, onClick, ...rest }: ButtonProps) => (
  <button
    type="button"
    data-testid={rest['data-testid']}
    data-type={rest.type ?? 'default'}
    data-fill={rest.fill}
    data-block={rest.block ? 'true' : undefined}
    className={className}
    disabled={disabled || loading}
    aria-busy={loading ? 'true' : undefined}
    onClick={onClick}
  >
    {children}
  </button>
);

export const Tag = ({
  children,
  className,
  background,
}: {
  children?: ReactNode;
  className?: string;
  /** Kept as an attribute: a badge without a colour renders as NutUI's default black block. */
  background?: string;
}) => (
  <span className={`nut-tag ${className ?? ''}`} data-background={background}>
    {children}
  </span>
);

export const Progress = ({ percent }: { percent?: number }) => (
  <div role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} />
);

interface SearchBarProps {
  value?: string;
  placeholder?: string;
  onChange?: (value: string) => void;
  onSearch?: (value: string) => void;
  right?: ReactNode;
}
export const SearchBar = ({ value, placeholder, onChange, onSearch, right }: SearchBarProps) => (
  <div className="nut-searchbar">
    <input
      type="search"
      value={value ?? ''}
      placeholder={placeholder}
      onChange={(e) => onChange?.(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSearch?.((e.target as HTMLInputElement).value);
      }}
    />
    {right}
  </div>
);
