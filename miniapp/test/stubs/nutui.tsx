// The few NutUI components the app uses, as plain DOM for jsdom.
import type { ReactNode } from 'react';

interface ButtonProps {
  children?: ReactNode;
  className?: string;
  disabled?: boolean;
  loading?: boolean;
  onClick?: () => void;
  'data-testid'?: string;
}
export const Button = ({ children, className, disabled, loading, onClick, ...rest }: ButtonProps) => (
  <button
    type="button"
    data-testid={rest['data-testid']}
    className={className}
    disabled={disabled || loading}
    aria-busy={loading ? 'true' : undefined}
    onClick={onClick}
  >
    {children}
  </button>
);

export const Tag = ({ children, className }: { children?: ReactNode; className?: string }) => (
  <span className={`nut-tag ${className ?? ''}`}>{children}</span>
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
