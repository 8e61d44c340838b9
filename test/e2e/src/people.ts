// The demo organisation's people this cycle involves: Marcus's team in Sales (Ava, Ben), their head Sofia, HR.
export const PEOPLE = {
  hr: 'hr@acme.test',
  sofia: 'sofia@acme.test',
  marcus: 'marcus@acme.test',
  ava: 'ava@acme.test',
  ben: 'ben@acme.test',
} as const;
export type Who = keyof typeof PEOPLE;

export const NAMES: Record<Who, string> = {
  hr: 'Hannah Reed',
  sofia: 'Sofia Martinez',
  marcus: 'Marcus Lee',
  ava: 'Ava Chen',
  ben: 'Ben Carter',
};
