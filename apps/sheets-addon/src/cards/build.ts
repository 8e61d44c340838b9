// Small builders for cards, widgets and the response envelopes (their shapes are checked by cards/schema.ts in tests).
import type { AddonResponse, Card } from './schema.ts';

type Widget = Card['sections'][number]['widgets'][number];
type Button = Extract<Widget, { buttonList: unknown }>['buttonList']['buttons'][number];

export const BRAND = { red: 0.31, green: 0.27, blue: 0.9 };

/** Escapes text for the cards' simple HTML. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export const paragraph = (text: string): Widget => ({ textParagraph: { text } });

export function labelled(topLabel: string, text: string, bottomLabel?: string): Widget {
  return {
    decoratedText: {
      topLabel,
      text: text === '' ? '—' : text,
      wrapText: true,
      ...(bottomLabel ? { bottomLabel } : {}),
    },
  };
}

export function actionButton(
  text: string,
  url: string,
  parameters: Record<string, string> = {},
  filled = false,
): Button {
  const entries = Object.entries(parameters);
  return {
    text,
    onClick: {
      action: {
        function: url,
        ...(entries.length ? { parameters: entries.map(([key, value]) => ({ key, value })) } : {}),
        loadIndicator: 'SPINNER',
      },
    },
    ...(filled ? { color: BRAND } : {}),
  };
}

export const linkButton = (text: string, url: string): Button => ({ text, onClick: { openLink: { url } } });
export const buttons = (...list: Button[]): Widget => ({ buttonList: { buttons: list } });

export function dropdown(
  name: string,
  label: string,
  items: { text: string; value: string }[],
  selected: string | undefined,
  onChange?: string,
): Widget {
  const shown = items.slice(0, 100);
  return {
    selectionInput: {
      name,
      label,
      type: 'DROPDOWN',
      items: shown.map((i) => ({
        text: i.text,
        value: i.value,
        ...(i.value === selected ? { selected: true } : {}),
      })),
      ...(onChange ? { onChangeAction: { function: onChange, loadIndicator: 'SPINNER' as const } } : {}),
    },
  };
}

export interface SectionSpec {
  header?: string;
  widgets: Widget[];
  collapsible?: number;
}

export function card(
  title: string,
  subtitle: string | undefined,
  sections: SectionSpec[],
  name?: string,
): Card {
  return {
    header: { title, ...(subtitle ? { subtitle } : {}) },
    sections: sections
      .filter((s) => s.widgets.length > 0)
      .map((s) => ({
        ...(s.header ? { header: s.header } : {}),
        widgets: s.widgets,
        ...(s.collapsible !== undefined && s.widgets.length > s.collapsible
          ? { collapsible: true, uncollapsibleWidgetsCount: s.collapsible }
          : {}),
      })),
    ...(name ? { name } : {}),
  };
}

/** The homepage trigger's answer. */
export const homepage = (c: Card): AddonResponse => ({ action: { navigations: [{ pushCard: c }] } });

/** Replace the current card (optionally with a toast). */
export function updateCard(c: Card, notification?: string): AddonResponse {
  return {
    renderActions: {
      action: {
        navigations: [{ updateCard: c }],
        ...(notification ? { notification: { text: notification } } : {}),
      },
    },
  };
}

/** Push a card on the stack (optionally with a toast). */
export function pushCard(c: Card, notification?: string): AddonResponse {
  return {
    renderActions: {
      action: {
        navigations: [{ pushCard: c }],
        ...(notification ? { notification: { text: notification } } : {}),
      },
    },
  };
}

export const notify = (text: string): AddonResponse => ({
  renderActions: { action: { notification: { text } } },
});

/** Asks Sheets for access to the open spreadsheet (drive.file for this file); onFileScopeGranted follows. */
export const requestFileScope = (): AddonResponse => ({
  renderActions: { hostAppAction: { editorAction: { requestFileScopeForActiveDocument: {} } } },
});

/** An error card with what went wrong and how to go on. */
export function errorCard(title: string, message: string, back?: { text: string; url: string }): Card {
  return card('Perfloop', title, [
    { widgets: [paragraph(esc(message)), ...(back ? [buttons(actionButton(back.text, back.url))] : [])] },
  ]);
}
