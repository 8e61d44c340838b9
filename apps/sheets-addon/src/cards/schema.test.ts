// The card schema: what the builders emit passes; shapes Google would reject do not.
import { describe, expect, it } from 'vitest';
import {
  actionButton,
  buttons,
  card,
  dropdown,
  errorCard,
  homepage,
  labelled,
  notify,
  paragraph,
  pushCard,
  requestFileScope,
  updateCard,
} from './build.ts';
import { AddonResponseSchema, CardSchema } from './schema.ts';

const URL = 'https://addon.perfloop.test/addon/actions/import-scores';
const sample = card('Perfloop', 'Sofia', [
  {
    header: 'Scores',
    widgets: [
      paragraph('Hello <b>there</b>'),
      labelled('Phase', 'Coach'),
      dropdown(
        'cycleId',
        'Cycle',
        [
          { text: 'H2', value: 'c2' },
          { text: 'H1', value: 'c1' },
        ],
        'c2',
        URL,
      ),
    ],
  },
  { widgets: [buttons(actionButton('Import', URL, { flow: 'import' }, true))] },
]);

describe('card schema', () => {
  it('accepts the envelopes the add-on answers with', () => {
    for (const response of [
      homepage(sample),
      updateCard(sample, 'Done'),
      pushCard(errorCard('Oops', 'Try again')),
      notify('Saved'),
      requestFileScope(),
    ]) {
      expect(AddonResponseSchema.safeParse(response).success).toBe(true);
    }
  });

  it('refuses what the card format does not allow', () => {
    const bad = [
      { ...sample, sections: [] },
      { sections: [{ widgets: [] }] },
      { sections: [{ widgets: [{ textParagraph: { text: 'a' }, divider: {} }] }] },
      {
        sections: [
          {
            widgets: [
              { buttonList: { buttons: [{ text: 'x', onClick: { action: { function: 'importScores' } } }] } },
            ],
          },
        ],
      },
      {
        sections: [
          {
            widgets: [
              {
                selectionInput: {
                  name: 'c',
                  label: 'C',
                  type: 'DROPDOWN',
                  items: [
                    { text: 'a', value: 'a', selected: true },
                    { text: 'b', value: 'b', selected: true },
                  ],
                },
              },
            ],
          },
        ],
      },
      { sections: [{ widgets: [paragraph('x')] }], fixedFooter: { primaryButton: actionButton('Go', URL) } },
      { sections: [{ widgets: [{ decoratedText: { topLabel: 'no text' } }] }] },
    ];
    for (const c of bad) expect(CardSchema.safeParse(c).success, JSON.stringify(c)).toBe(false);
    expect(AddonResponseSchema.safeParse({ renderActions: { action: {} } }).success).toBe(false);
    expect(AddonResponseSchema.safeParse({ action: { navigations: [{ updateCard: sample }] } }).success).toBe(
      false,
    );
  });
});
