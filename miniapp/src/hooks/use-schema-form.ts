import { useState } from 'react';
import type { z } from 'zod';
import { fieldError, submitErrors, validateForm, type FieldErrors } from '../utils/form';

export interface SchemaFormOptions<K extends string, S extends z.ZodType> {
  initial: Record<K, string>;
  /** The request schema from @app/shared: the whole form is checked with it before anything is sent. */
  schema: S;
  /** One shared validator per input, run when the input loses focus. */
  fieldSchemas?: Partial<Record<NoInfer<K>, z.ZodType>>;
  /** Sends the checked data; a returned sentence is shown above the button as the form's message. */
  onSubmit: (data: z.output<S>) => Promise<string | void>;
  /** A sentence that replaces the envelope's for some failures (e.g. a lockout with its end time). */
  explainError?: (err: unknown) => string | undefined;
  /** Inputs emptied after a failed submit (a password). */
  clearOnError?: readonly NoInfer<K>[];
}

/**
 * A form validated with the same zod schemas the BFF uses: inline messages on blur and on submit,
 * server field errors (`body.idNumber`) under their inputs, one submit at a time.
 */
export function useSchemaForm<K extends string, S extends z.ZodType>(options: SchemaFormOptions<K, S>) {
  const fields = Object.keys(options.initial) as K[];
  const [values, setValues] = useState<Record<K, string>>(options.initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const change = (field: K) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const blur = (field: K) => (value: string) => {
    const schema = options.fieldSchemas?.[field];
    if (!schema || !value.trim()) return; // an untouched empty field is reported on submit
    setErrors((e) => ({ ...e, [field]: fieldError(schema, value) }));
  };

  const fail = (err: unknown) => {
    const special = options.explainError?.(err);
    if (special) {
      setFormError(special);
    } else {
      const { fields: byField, message } = submitErrors(err, fields);
      setErrors(byField);
      setFormError(message);
    }
    const cleared = options.clearOnError ?? [];
    if (cleared.length) setValues((v) => ({ ...v, ...Object.fromEntries(cleared.map((f) => [f, ''])) }));
  };

  const submit = async () => {
    if (submitting) return;
    setFormError(undefined);
    const checked = validateForm(options.schema, values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const message = await options.onSubmit(checked.data);
      if (message) setFormError(message);
    } catch (err) {
      fail(err);
    } finally {
      setSubmitting(false);
    }
  };

  return { values, errors, formError, submitting, change, blur, submit };
}
