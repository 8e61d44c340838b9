// Check-in notes as page blocks: a heading with a reference marker, then the notes, form and goal update (≤ 2,000 characters per text).
import type { CheckIn } from '@perfloop/core';
import { plain, richText } from '../notion/text.ts';

export const KIND_LABELS: Record<CheckIn['kind'], string> = {
  guidance_note: 'Guidance note',
  performance_meeting: 'Performance meeting',
  feedback_form: 'Feedback form',
};

/** The marker that identifies a check-in's blocks on a page (to tell whether an append already happened). */
export const marker = (checkInId: string) => `ref ${checkInId}`;

const paragraph = (text: string, label?: string) => ({
  object: 'block',
  type: 'paragraph',
  paragraph: {
    rich_text: [...(label ? richText(`${label}: `, { bold: true }) : []), ...richText(text)],
  },
});

/** The blocks of one check-in on one goal's page. */
export function checkInBlocks(
  checkIn: CheckIn,
  goalId: string,
  authorName: string | null,
): Record<string, unknown>[] {
  const date = checkIn.at.slice(0, 10);
  const heading = [KIND_LABELS[checkIn.kind], date, authorName].filter(Boolean).join(' · ');
  const blocks: Record<string, unknown>[] = [
    {
      object: 'block',
      type: 'heading_3',
      heading_3: {
        rich_text: [...richText(heading), ...richText(`  ${marker(checkIn.id)}`, { color: 'gray' })],
      },
    },
  ];
  if (checkIn.notes !== '') blocks.push(paragraph(checkIn.notes));
  if (checkIn.form) {
    blocks.push(paragraph(checkIn.form.strengths, 'Strengths'));
    blocks.push(paragraph(checkIn.form.improvements, 'To improve'));
    if (checkIn.form.supportNeeded !== '')
      blocks.push(paragraph(checkIn.form.supportNeeded, 'Support needed'));
    blocks.push(paragraph(checkIn.form.nextSteps, 'Next steps'));
  }
  const update = checkIn.goalUpdates.find((u) => u.goalId === goalId);
  if (update && (update.actual !== null || update.progressNote !== '')) {
    const parts = [update.actual !== null ? `actual ${update.actual}` : null, update.progressNote || null];
    blocks.push(paragraph(parts.filter(Boolean).join(' — '), 'Progress'));
  }
  return blocks;
}

/** The check-in id a heading's text names by its marker (null when the marker is not there). */
export function markerIn(text: string): string | null {
  return /ref ([\w.:@-]+)/.exec(text)?.[1] ?? null;
}

const HEADING_FORM = new RegExp(`^(?:${Object.values(KIND_LABELS).join('|')}) · .*  ref (chk_[\\w.:@-]+)$`);

/**
 * The check-in a block of the page names as its heading. A heading_3 names it by its marker; a block of another
 * type only with the whole heading's text (kind · date … ref chk_…): a heading a person turned into text, a
 * list item… keeps it, and a note that merely mentions a ref does not look like that.
 */
export function headingMarker(type: string, text: string): string | null {
  if (type === 'heading_3') return markerIn(text);
  return HEADING_FORM.exec(text)?.[1] ?? null;
}

/** Check-in ids whose heading appears in a page's blocks (also a heading a person turned into another type). */
export function markersIn(blocks: readonly Record<string, unknown>[]): Set<string> {
  const out = new Set<string>();
  for (const b of blocks) {
    const type = String(b.type);
    const id = headingMarker(type, plain((b[type] as { rich_text?: unknown } | undefined)?.rich_text));
    if (id) out.add(id);
  }
  return out;
}
