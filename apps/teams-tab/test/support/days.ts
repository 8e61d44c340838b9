// Component tests: a day field's picker once its chunk is there, and a day typed into it as a person types it, then left
// (the picker reads its text on blur).
import { fireEvent, waitFor } from '@testing-library/react';

/** The field's input once the picker replaced its read-only stand-in (a combobox that opens the calendar). */
export function dayPicker(field: () => HTMLElement): Promise<HTMLInputElement> {
  return waitFor(() => {
    const input = field();
    if (input.getAttribute('role') !== 'combobox') throw new Error('the day picker is still loading');
    return input as HTMLInputElement;
  });
}

export async function typeDay(field: () => HTMLElement, text: string): Promise<void> {
  const input = await dayPicker(field);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
}
