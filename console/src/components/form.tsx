/**
 * Forms: every input has a label, its own validation message right after it (tied to it with
 * aria-describedby and aria-invalid), checked in the page first (required, length, pattern) and
 * then by the API, whose problem+json field errors land next to the field they name
 * (`address.city`). An error that names no field of the form shows as a banner with its title;
 * a 409/412 If-Match conflict shows the conflict banner with Reload.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ConflictBanner, ErrorBanner } from './banners.tsx';

export type Values = Record<string, string>;

export interface FieldSpec {
  /** The field as the API names it in problem+json (`name`, `address.city`). */
  name: string;
  label: string;
  type?: 'text' | 'email' | 'date' | 'number' | 'password' | 'select' | 'textarea' | 'checkbox';
  required?: boolean;
  maxLength?: number;
  minLength?: number;
  /** A regular expression the whole value must match (when not empty). */
  pattern?: string;
  /** Shown under the label (the format expected). */
  hint?: string;
  options?: { value: string; label: string }[];
  autoComplete?: string;
  disabled?: boolean;
  min?: number;
  max?: number;
}

export interface FormState {
  values: Values;
  errors: Record<string, string[]>;
  set(name: string, value: string): void;
  setErrors(errors: Record<string, string[]>): void;
  reset(values: Values): void;
}

export function useForm(initial: Values): FormState {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  return {
    values,
    errors,
    set: (name, value) => {
      setValues((v) => ({ ...v, [name]: value }));
      setErrors((e) => {
        if (!e[name]) return e;
        const { [name]: _gone, ...rest } = e;
        return rest;
      });
    },
    setErrors,
    reset: (next) => {
      setValues(next);
      setErrors({});
    },
  };
}

const fieldId = (form: string, name: string) => `${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function Field({ spec, form, formId }: { spec: FieldSpec; form: FormState; formId: string }) {
  const { t } = useI18n();
  const id = fieldId(formId, spec.name);
  const value = form.values[spec.name] ?? '';
  const errors = form.errors[spec.name] ?? [];
  const describedBy = [spec.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: spec.name,
    required: spec.required,
    disabled: spec.disabled,
    'aria-invalid': errors.length ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': `field-${spec.name}`,
  } as const;
  const onInput = (event: Event) => form.set(spec.name, (event.currentTarget as HTMLInputElement).value);
  let input: ComponentChildren;
  if (spec.type === 'select') {
    input = (
      <select {...common} value={value} onChange={onInput}>
        {!spec.required && <option value="">{t('console-none')}</option>}
        {spec.options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === 'textarea') {
    input = <textarea {...common} value={value} maxLength={spec.maxLength} onInput={onInput} rows={4} />;
  } else if (spec.type === 'checkbox') {
    input = <input {...common} type="checkbox" checked={value === 'true'} onChange={(event) => form.set(spec.name, String((event.currentTarget as HTMLInputElement).checked))} />;
  } else {
    input = (
      <input
        {...common}
        type={(spec.type ?? 'text') as 'text'}
        value={value}
        maxLength={spec.maxLength}
        min={spec.min}
        max={spec.max}
        autoComplete={spec.autoComplete}
        onInput={onInput}
      />
    );
  }
  return (
    <div class={`field${spec.type === 'checkbox' ? ' field-checkbox' : ''}`}>
      <label for={id}>
        {spec.label}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {spec.hint && (
        <span class="hint" id={`${id}-hint`}>
          {spec.hint}
        </span>
      )}
      {input}
      {errors.length > 0 && (
        <span class="field-error" id={`${id}-error`} data-testid={`field-error-${spec.name}`}>
          {errors.join(' ')}
        </span>
      )}
    </div>
  );
}

/** The page's own checks, before the API's: required, maximum length, pattern. */
export function validate(fields: FieldSpec[], values: Values, t: (id: string, args?: Record<string, string | number>) => string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const spec of fields) {
    const value = (values[spec.name] ?? '').trim();
    const add = (message: string) => (errors[spec.name] ??= []).push(message);
    if (spec.type === 'checkbox') continue;
    if (spec.required && !value) add(t('console-field-required'));
    else if (value && spec.maxLength && value.length > spec.maxLength) add(t('console-field-too-long', { max: spec.maxLength }));
    else if (value && spec.minLength && value.length < spec.minLength) add(t('console-field-too-short', { min: spec.minLength }));
    else if (value && spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) add(t('console-field-format'));
  }
  return errors;
}

export interface FormProps {
  /** Names the form for tests (`data-testid`) and its field ids. */
  id: string;
  fields: FieldSpec[];
  form: FormState;
  submitLabel: string;
  /** Sends the change; an ApiError it throws is shown (field errors at their fields). */
  onSubmit: (values: Values) => Promise<void>;
  /** Checks of the whole form beyond each field's own (errors by field name). */
  check?: (values: Values) => Record<string, string[]>;
  /** Offered when the API answers a 409/412 conflict: read the entity again. */
  onReload?: () => void;
  onCancel?: () => void;
  /** Laid out in the form above the buttons instead of the plain list of fields. */
  children?: ComponentChildren;
}

export function Form({ id, fields, form, submitLabel, onSubmit, check, onReload, onCancel, children }: FormProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useRef<HTMLFormElement>(null);

  const focusFirstInvalid = () =>
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  /** An error that names no field of the form shows at its top: brought into view, or a long form submitted from its foot would seem to do nothing. */
  const showBanner = () =>
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[data-testid="error-banner"], [data-testid="conflict-banner"]')?.scrollIntoView({ block: 'nearest' }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const errors = { ...validate(fields, form.values, t), ...check?.(form.values) };
    form.setErrors(errors);
    if (Object.keys(errors).length) return focusFirstInvalid();
    setBusy(true);
    try {
      await onSubmit(form.values);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const known = new Set([...fields.map((f) => f.name), ...Object.keys(check?.({}) ?? {})]);
        const mine = Object.fromEntries(Object.entries(caught.fieldErrors).filter(([field]) => known.has(field)));
        form.setErrors(mine);
        if (Object.keys(mine).length) focusFirstInvalid();
        else showBanner();
      } else showBanner();
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const conflict = error instanceof ApiError && error.isConflict && onReload;
  return (
    <form ref={ref} onSubmit={submit} noValidate data-testid={`form-${id}`} aria-busy={busy}>
      {conflict ? (
        <ConflictBanner onReload={() => (setError(null), onReload())} />
      ) : (
        <ErrorBanner error={error} showFields />
      )}
      {children ?? fields.map((spec) => <Field key={spec.name} spec={spec} form={form} formId={id} />)}
      <div class="form-actions">
        <button type="submit" disabled={busy} data-testid={`form-${id}-submit`}>
          {busy ? t('console-saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel} data-testid={`form-${id}-cancel`}>
            {t('console-cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The value of a text field for the API: trimmed, and null when empty. */
export const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
