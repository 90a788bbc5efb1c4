import { Input, Text, View } from '@tarojs/components';
import './form-field.scss';

export interface FormFieldProps {
  /** Also the input's aria-label. */
  label: string;
  name: string;
  value: string;
  placeholder?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'number' | 'idcard';
  password?: boolean;
  maxlength?: number;
  disabled?: boolean;
  onChange: (value: string) => void;
  /** Validates the field when it loses focus. */
  onBlur?: (value: string) => void;
  onConfirm?: () => void;
}

/** A labelled input with its inline error (Chinese, from the shared validators or the server). */
export function FormField({
  label,
  name,
  value,
  placeholder,
  error,
  hint,
  type = 'text',
  password,
  maxlength,
  disabled,
  onChange,
  onBlur,
  onConfirm,
}: FormFieldProps) {
  return (
    <View className={`form-field${error ? ' form-field--invalid' : ''}`}>
      <Text className="form-field__label">{label}</Text>
      <Input
        className="form-field__input"
        name={name}
        value={value}
        type={type}
        password={password}
        maxlength={maxlength}
        disabled={disabled}
        placeholder={placeholder}
        placeholderClass="form-field__placeholder"
        aria-label={label}
        onInput={(e) => onChange(e.detail.value)}
        onBlur={(e) => onBlur?.(e.detail.value)}
        onConfirm={() => onConfirm?.()}
      />
      {error ? (
        <View className="form-field__error" role="alert" data-testid={`error-${name}`}>
          <Text>{error}</Text>
        </View>
      ) : hint ? (
        <Text className="form-field__hint">{hint}</Text>
      ) : null}
    </View>
  );
}

/** The form-level message above the submit button (server errors that belong to no field). */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <View className="form-error" role="alert" data-testid="form-error">
      <Text>{message}</Text>
    </View>
  );
}
