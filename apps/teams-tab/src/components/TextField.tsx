// A free-text field with its limit from core (TEXT_LIMITS, which the API's schemas read too): typing stops at it, and a
// counter shows once the text nears it, so "too long" is never first said by the API after sending.
import { Field, Input, Textarea } from '@fluentui/react-components';
import { TEXT_LIMITS, type TextLimit } from '@perfloop/core';
import { useI18n } from '../i18n/index.tsx';

/** The counter shows from this share of the limit on (and always past it). */
export const COUNTER_FROM = 0.8;

/** The counter's state: hidden far from the limit, `near` it, or `over` it (a text longer than the limit, e.g. kept). */
export function counterState(length: number, max: number): 'hidden' | 'near' | 'over' {
  if (length > max) return 'over';
  return length >= Math.ceil(max * COUNTER_FROM) ? 'near' : 'hidden';
}

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** Which of core's TEXT_LIMITS the API holds this field to. */
  limit: TextLimit;
  required?: boolean;
  disabled?: boolean;
  hint?: string | undefined;
  /** One line (a name or title) instead of a text area. */
  singleLine?: boolean;
  rows?: number;
  /** What else is wrong with the text (e.g. shorter than a minimum), or what it reads as (a `success`). */
  validationState?: 'error' | 'warning' | 'success' | 'none';
  validationMessage?: string | undefined;
  /** The field's test id (the Field wrapper). */
  testId?: string | undefined;
  id?: string;
}

export function TextField({
  label,
  value,
  onChange,
  limit,
  required = false,
  disabled = false,
  hint,
  singleLine = false,
  rows,
  validationState,
  validationMessage,
  testId,
  id,
}: TextFieldProps) {
  const { t, number } = useI18n();
  const max = TEXT_LIMITS[limit];
  // Counted as the browser's maxLength and the API's zod `.max` count: UTF-16 units.
  const state = counterState(value.length, max);
  const counter =
    state === 'hidden'
      ? null
      : t(state === 'over' ? 'text.over' : 'text.counter', {
          count: number(value.length),
          max: number(max),
          over: number(value.length - max),
        });
  const hintText = [hint, counter].filter(Boolean).join(' · ');
  const over = state === 'over';
  const control = {
    value,
    disabled,
    maxLength: max,
    onChange: (_: unknown, d: { value: string }) => onChange(d.value),
    ...(id ? { id } : {}),
  };
  return (
    <Field
      label={label}
      required={required}
      {...(hintText ? { hint: { children: hintText, 'aria-live': 'polite' as const } } : {})}
      {...(over
        ? { validationState: 'error' as const, validationMessage: t('text.tooLong', { max: number(max) }) }
        : {
            ...(validationState ? { validationState } : {}),
            ...(validationMessage ? { validationMessage } : {}),
          })}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {singleLine ? (
        <Input {...control} />
      ) : (
        <Textarea {...control} resize="vertical" {...(rows ? { rows } : {})} />
      )}
    </Field>
  );
}
