// Tests for feedback: meeting schema, acknowledgement/appeal transitions, formality detection, meeting quality.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount } from './common.ts';
import {
  type AcknowledgementState,
  AcknowledgementStateSchema,
  acknowledge,
  appeal,
  detectFormality,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  type FormalityText,
  feedbackQuality,
  resolveAppeal,
  shingleUnits,
  words,
} from './feedback.ts';
import { POLICY_PRESETS, type Policy } from './policy.ts';
import { unwrap } from './result.ts';

const policy: Pick<Policy, 'feedback'> = POLICY_PRESETS.incentive; // minChars 80, similarity 0.8, appeal 14 days
const withFeedback = (over: Partial<Policy['feedback']>): Pick<Policy, 'feedback'> => ({
  feedback: { ...policy.feedback, ...over },
});

const pending: AcknowledgementState = { status: 'pending' };
const reason = 'My KPI data for March was missing from the appraisal.';

describe('FeedbackMeetingSchema', () => {
  const base = {
    id: 'fm1',
    cycleId: 'cy1',
    subjectId: 'p1',
    managerId: 'm1',
    heldAt: '2024-07-02T09:00:00Z',
    summary: 'Discussed the year.',
  };

  it('parses with defaults and trims text', () => {
    const m = FeedbackMeetingSchema.parse({ ...base, strengths: '  Ownership  ' });
    expect(m).toMatchObject({ strengths: 'Ownership', improvements: '', agreedActions: [] });
  });

  it('rejects a meeting held with oneself, empty actions and unknown keys', () => {
    expect(FeedbackMeetingSchema.safeParse({ ...base, managerId: 'p1' }).error?.issues[0]?.path).toEqual([
      'managerId',
    ]);
    expect(FeedbackMeetingSchema.safeParse({ ...base, agreedActions: [' '] }).success).toBe(false);
    expect(FeedbackMeetingSchema.safeParse({ ...base, rating: 3 }).success).toBe(false);
  });
});

describe('acknowledgement and appeal', () => {
  it('acknowledges a pending result', () => {
    const r = unwrap(acknowledge(pending, { at: '2024-07-03T10:00:00Z', comment: ' Thanks ' }));
    expect(r).toEqual({ status: 'acknowledged', at: '2024-07-03T10:00:00Z', comment: 'Thanks' });
    expect(AcknowledgementStateSchema.parse(r)).toEqual(r);
  });

  it('refuses to acknowledge twice or after an appeal', () => {
    const acked = unwrap(acknowledge(pending, { at: '2024-07-03T10:00:00Z' }));
    const again = acknowledge(acked, { at: '2024-07-04T10:00:00Z' });
    expect(again.ok ? null : again.error).toMatchObject({
      code: 'invalid_state',
      details: { status: 'acknowledged' },
    });
    const appealed: AcknowledgementState = { status: 'appealed', at: '2024-07-03T10:00:00Z', reason };
    expect(acknowledge(appealed, { at: '2024-07-04T10:00:00Z' }).ok).toBe(false);
  });

  it('opens the appeal window for exactly appealWindowDays × 24 h after the result is shared', () => {
    // Shared 2024-03-01T12:00Z + 14 days = deadline 2024-03-15T12:00Z (inclusive).
    const shared = '2024-03-01T12:00:00Z';
    const onDeadline = appeal(
      pending,
      { at: '2024-03-15T12:00:00Z', reason, resultSharedAt: shared },
      policy,
    );
    expect(unwrap(onDeadline)).toEqual({ status: 'appealed', at: '2024-03-15T12:00:00Z', reason });
    const late = appeal(pending, { at: '2024-03-15T12:00:01Z', reason, resultSharedAt: shared }, policy);
    expect(late.ok ? null : late.error).toMatchObject({
      code: 'appeal_window_closed',
      path: ['at'],
      details: { windowDays: 14, deadline: '2024-03-15T12:00:00.000Z' },
    });
    // The same instant written with an offset: 2024-03-15T08:00-04:00 = 12:00Z → still on time.
    expect(
      appeal(pending, { at: '2024-03-15T08:00:00-04:00', reason, resultSharedAt: shared }, policy).ok,
    ).toBe(true);
  });

  it('refuses appeals before sharing, from a non-pending state, or with a short reason', () => {
    const shared = '2024-03-01T12:00:00Z';
    const early = appeal(pending, { at: '2024-03-01T11:59:59Z', reason, resultSharedAt: shared }, policy);
    expect(early.ok ? null : early.error.code).toBe('invalid_time');
    const acked: AcknowledgementState = { status: 'acknowledged', at: '2024-03-02T00:00:00Z', comment: '' };
    const fromAcked = appeal(acked, { at: '2024-03-03T00:00:00Z', reason, resultSharedAt: shared }, policy);
    expect(fromAcked.ok ? null : fromAcked.error.code).toBe('invalid_state');
    // 'Unfair rating.' is 14 characters, under the 20 required.
    const short = appeal(
      pending,
      { at: '2024-03-02T00:00:00Z', reason: 'Unfair rating.', resultSharedAt: shared },
      policy,
    );
    expect(short.ok ? null : short.error).toMatchObject({ code: 'invalid_input', path: ['reason'] });
  });

  it('resolves an appeal, but not by the subject, not before it, and only once', () => {
    const appealed: AcknowledgementState = { status: 'appealed', at: '2024-03-05T09:00:00Z', reason };
    const input = {
      at: '2024-03-08T09:00:00Z',
      by: 'hr1',
      outcome: 'changed' as const,
      note: 'March data restored; rating 3 → 4.',
      subjectId: 'p1',
    };
    const resolved = unwrap(resolveAppeal(appealed, input));
    expect(resolved).toEqual({
      status: 'appeal_resolved',
      at: '2024-03-08T09:00:00Z',
      by: 'hr1',
      outcome: 'changed',
      note: 'March data restored; rating 3 → 4.',
    });
    const self = resolveAppeal(appealed, { ...input, by: 'p1' });
    expect(self.ok ? null : self.error).toMatchObject({ code: 'resolver_is_subject', path: ['by'] });
    const before = resolveAppeal(appealed, { ...input, at: '2024-03-05T08:59:59Z' });
    expect(before.ok ? null : before.error.code).toBe('invalid_time');
    const twice = resolveAppeal(resolved, input);
    expect(twice.ok ? null : twice.error.code).toBe('invalid_state');
    const fromPending = resolveAppeal(pending, input);
    expect(fromPending.ok ? null : fromPending.error.code).toBe('invalid_state');
    const noNote = resolveAppeal(appealed, { ...input, note: '  ' });
    expect(noNote.ok ? null : noNote.error).toMatchObject({ code: 'invalid_input', path: ['note'] });
  });

  it('a changed result keeps the rating it moved; an upheld one has no correction', () => {
    const appealed: AcknowledgementState = { status: 'appealed', at: '2024-03-05T09:00:00Z', reason };
    const correction = { from: 3, to: 4, adjustmentId: 'adj_1' };
    const input = {
      at: '2024-03-08T09:00:00Z',
      by: 'hr1',
      outcome: 'changed' as const,
      note: 'March data restored; rating 3 → 4.',
      subjectId: 'p1',
      correction,
    };
    expect(unwrap(resolveAppeal(appealed, input))).toMatchObject({ outcome: 'changed', correction });
    const upheld = resolveAppeal(appealed, { ...input, outcome: 'upheld' });
    expect(upheld.ok ? null : upheld.error).toMatchObject({ code: 'invalid_input', path: ['correction'] });
    const stored = AcknowledgementStateSchema.parse(unwrap(resolveAppeal(appealed, input)));
    expect(stored).toMatchObject({ correction });
  });

  it('only ever moves forward: acknowledged and resolved are final (property)', () => {
    const RANK: Record<AcknowledgementState['status'], number> = {
      pending: 0,
      acknowledged: 1,
      appealed: 1,
      appeal_resolved: 2,
    };
    const op = fc.record({
      kind: fc.constantFrom('ack' as const, 'appeal' as const, 'resolve' as const),
      day: fc.integer({ min: 0, max: 30 }),
      by: fc.constantFrom('p1', 'hr1'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
        let state: AcknowledgementState = pending;
        for (const o of ops) {
          const at = new Date(Date.UTC(2024, 2, 1 + o.day, 12)).toISOString();
          const r: ReturnType<typeof acknowledge> =
            o.kind === 'ack'
              ? acknowledge(state, { at })
              : o.kind === 'appeal'
                ? appeal(state, { at, reason, resultSharedAt: '2024-03-01T12:00:00Z' }, policy)
                : resolveAppeal(state, {
                    at,
                    by: o.by,
                    outcome: 'upheld',
                    note: 'Reviewed.',
                    subjectId: 'p1',
                  });
          if (!r.ok) {
            expect([
              'invalid_state',
              'invalid_time',
              'appeal_window_closed',
              'resolver_is_subject',
            ]).toContain(r.error.code);
            continue;
          }
          expect(RANK[r.value.status]).toBe(RANK[state.status] + 1);
          expect(state.status === 'acknowledged' || state.status === 'appeal_resolved').toBe(false);
          expect(AcknowledgementStateSchema.safeParse(r.value).success).toBe(true);
          state = r.value;
        }
      }),
    );
  });
});

describe('detectFormality — empty and too short', () => {
  it('flags empty and short texts, counting trimmed code points', () => {
    // minChars 80. '   ' trims to '' → empty. 'Good job.' = 9 chars → too_short.
    // '很好，继续努力。' = 8 code points (not bytes) → too_short. 80 × 'a' = exactly 80 → fine.
    const issues = detectFormality(
      [
        { id: 't1', authorId: 'm', subjectId: 'p1', text: '   ' },
        { id: 't2', authorId: 'm', subjectId: 'p2', text: '  Good job.  ' },
        { id: 't3', authorId: 'm', subjectId: 'p3', text: '很好，继续努力。' },
        { id: 't4', authorId: 'm', subjectId: 'p4', text: 'a'.repeat(80) },
      ],
      policy,
    );
    expect(issues.map((i) => [i.id, i.code, i.details])).toEqual([
      ['t1', 'empty', { authorId: 'm' }],
      ['t2', 'too_short', { chars: 9, minChars: 80 }],
      ['t3', 'too_short', { chars: 8, minChars: 80 }],
    ]);
  });

  it('counts astral characters once', () => {
    expect(charCount('👍🏽ok')).toBe(4); // thumbs up + skin tone modifier + o + k
    expect(charCount('𠀀中')).toBe(2);
  });
});

describe('detectFormality — copy-paste with only the name changed', () => {
  const review = (name: string) =>
    `${name} consistently delivered the quarterly reporting project ahead of schedule and mentored two new ` +
    `analysts. Next cycle ${name} should delegate more routine work and document key decisions for the wider team.`;
  const longReview = (name: string) =>
    `${review(name)} They also ran the onboarding sessions for the support desk, improved the release checklist ` +
    'and answered customer escalations quickly and calmly throughout the quarter.';

  it('catches a long review reused with a different name, from word shingles alone', () => {
    // 55 words → 53 distinct word 3-shingles. The name is word 1 and word 18: word 1 sits in one
    // shingle (starting at 1), word 18 in three (starting at 16, 17, 18) → 4 shingles differ per text.
    // |A∩B| = 53 − 4 = 49, |A∪B| = 53 + 4 = 57, Jaccard = 49 / 57 = 0.859649 → 0.8596 ≥ 0.8.
    const texts: FormalityText[] = [
      { id: 'r-alice', authorId: 'm1', subjectId: 'alice', text: longReview('Alice') },
      { id: 'r-bob', authorId: 'm1', subjectId: 'bob', text: longReview('Bob') },
    ];
    const issues = detectFormality(texts, policy);
    expect(issues).toEqual([
      {
        id: 'r-alice',
        code: 'near_duplicate',
        message:
          'Nearly the same text (86% similar) as 1 other review by the same author about different people.',
        details: {
          authorId: 'm1',
          similarity: 0.8596,
          matchCount: 1,
          matches: [{ id: 'r-bob', subjectId: 'bob', similarity: 0.8596 }],
        },
      },
      {
        id: 'r-bob',
        code: 'near_duplicate',
        message:
          'Nearly the same text (86% similar) as 1 other review by the same author about different people.',
        details: {
          authorId: 'm1',
          similarity: 0.8596,
          matchCount: 1,
          matches: [{ id: 'r-alice', subjectId: 'alice', similarity: 0.8596 }],
        },
      },
    ]);
  });

  it('needs the subject names to catch a short review, and then matches it exactly', () => {
    // 31 words → 29 shingles; the same 4 name shingles differ: 25 / (29 + 4) = 25 / 33 = 0.7576 < 0.8.
    const plain: FormalityText[] = [
      { id: 'a', authorId: 'm1', subjectId: 'alice', text: review('Alice') },
      { id: 'b', authorId: 'm1', subjectId: 'bob', text: review('Bob') },
    ];
    expect(detectFormality(plain, policy)).toEqual([]);
    const at75 = detectFormality(plain, withFeedback({ similarityThreshold: 0.75 }));
    expect(at75.map((i) => [i.id, i.details.similarity])).toEqual([
      ['a', 0.7576],
      ['b', 0.7576],
    ]);
    // With names, both names become one placeholder word → identical shingle sets → Jaccard 1.
    const named = plain.map((t, i) => ({ ...t, subjectName: i === 0 ? 'Alice Chen' : 'Bob Okafor' }));
    expect(detectFormality(named, policy).map((i) => [i.id, i.code, i.details.similarity])).toEqual([
      ['a', 'near_duplicate', 1],
      ['b', 'near_duplicate', 1],
    ]);
  });

  it('ignores case and punctuation', () => {
    // Same 31 words once lower-cased and stripped of punctuation → Jaccard 1 (names masked).
    const a = review('Alice');
    const b = review('Bob').toUpperCase().replaceAll('.', '!!');
    expect(shingleUnits(a, 'Alice').units).toEqual(shingleUnits(b, 'Bob').units);
  });

  it('compares only one author’s texts about different subjects', () => {
    const text = longReview('Alice');
    const issues = detectFormality(
      [
        { id: 'a1', authorId: 'm1', subjectId: 'alice', text }, // same author, same subject as a2
        { id: 'a2', authorId: 'm1', subjectId: 'alice', text },
        { id: 'a3', authorId: 'm2', subjectId: 'bob', text }, // a different author
      ],
      policy,
    );
    expect(issues).toEqual([]);
  });

  it('lists every match, most similar first', () => {
    // c is identical to a (Jaccard 1); b differs from both by the name shingles (0.8596).
    const issues = detectFormality(
      [
        { id: 'a', authorId: 'm1', subjectId: 'alice', text: longReview('Alice') },
        { id: 'b', authorId: 'm1', subjectId: 'bob', text: longReview('Bob') },
        { id: 'c', authorId: 'm1', subjectId: 'carol', text: longReview('Alice') },
      ],
      policy,
    );
    expect(issues.find((i) => i.id === 'a')?.details.matches).toEqual([
      { id: 'c', subjectId: 'carol', similarity: 1 },
      { id: 'b', subjectId: 'bob', similarity: 0.8596 },
    ]);
    expect(issues.find((i) => i.id === 'b')?.details.matches).toEqual([
      { id: 'a', subjectId: 'alice', similarity: 0.8596 },
      { id: 'c', subjectId: 'carol', similarity: 0.8596 },
    ]);
    expect(issues.find((i) => i.id === 'b')?.details).toMatchObject({ similarity: 0.8596, matchCount: 2 });
    expect(issues.find((i) => i.id === 'b')?.message).toContain('(86% similar) as 2 other reviews');
  });
});

describe('detectFormality — CJK text without spaces', () => {
  const zhang = '张伟本季度按时完成了所有项目，沟通积极主动，团队合作良好。下季度张伟需要加强数据分析能力。';
  const li = zhang.replaceAll('张伟', '李娜');
  const cjkPolicy = withFeedback({ minChars: 20 });

  it('falls back to character 3-grams', () => {
    // Punctuation stripped: 41 characters → 39 distinct character 3-grams.
    const s = shingleUnits(zhang);
    expect(s.mode).toBe('chars');
    expect(s.units).toHaveLength(41);
  });

  it('scores a name swap by character 3-grams', () => {
    // The 2-character name sits at characters 1–2 (in 3-grams starting at 1, 2) and 30–31 (in 3-grams
    // starting at 28, 29, 30, 31) → 6 differ per text: 33 / (39 + 6) = 33 / 45 = 0.7333.
    const texts: FormalityText[] = [
      { id: 'z', authorId: 'm1', subjectId: 'p1', text: zhang },
      { id: 'l', authorId: 'm1', subjectId: 'p2', text: li },
    ];
    expect(detectFormality(texts, cjkPolicy)).toEqual([]); // 0.7333 < 0.8
    const at70 = detectFormality(texts, withFeedback({ minChars: 20, similarityThreshold: 0.7 }));
    expect(at70.map((i) => [i.id, i.code, i.details.similarity])).toEqual([
      ['l', 'near_duplicate', 0.7333],
      ['z', 'near_duplicate', 0.7333],
    ]);
  });

  it('matches exactly once the names are masked', () => {
    // Each name becomes one placeholder character: 41 − 2 × (2 − 1) = 39 characters, identical → 1.
    const texts: FormalityText[] = [
      { id: 'z', authorId: 'm1', subjectId: 'p1', text: zhang, subjectName: '张伟' },
      { id: 'l', authorId: 'm1', subjectId: 'p2', text: li, subjectName: '李娜' },
    ];
    expect(detectFormality(texts, cjkPolicy).map((i) => [i.id, i.details.similarity])).toEqual([
      ['l', 1],
      ['z', 1],
    ]);
  });

  it('does not flag genuinely different CJK feedback', () => {
    const other = '李娜负责的客户迁移提前两周上线，但文档不够完整。建议下个周期与测试组共同制定验收标准。';
    expect(
      detectFormality(
        [
          { id: 'z', authorId: 'm1', subjectId: 'p1', text: zhang },
          { id: 'l', authorId: 'm1', subjectId: 'p2', text: other },
        ],
        cjkPolicy,
      ),
    ).toEqual([]);
  });
});

describe('detectFormality — invariants', () => {
  const VOCAB = ['alice', 'bob', 'great', 'work', 'on', 'the', 'launch', 'needs', 'focus', 'team'];
  const arbTexts = fc.array(
    fc.record({
      author: fc.constantFrom('m1', 'm2'),
      subject: fc.constantFrom('p1', 'p2', 'p3'),
      words: fc.array(fc.constantFrom(...VOCAB), { minLength: 3, maxLength: 12 }),
    }),
    { maxLength: 10 },
  );
  const toTexts = (rows: { author: string; subject: string; words: string[] }[]): FormalityText[] =>
    rows.map((r, i) => ({
      id: `t${String(i).padStart(2, '0')}`,
      authorId: r.author,
      subjectId: r.subject,
      text: r.words.join(' '),
    }));

  /** Naive reference: Jaccard over Set<string> of space-joined word triples. */
  function naive(a: string, b: string): number {
    const tri = (s: string) => {
      const w = s.split(' ');
      const out = new Set<string>();
      for (let i = 0; i + 2 < w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
      return out;
    };
    const x = tri(a);
    const y = tri(b);
    let inter = 0;
    for (const s of x) if (y.has(s)) inter++;
    return inter / (x.size + y.size - inter);
  }

  it('equals a naive exact Jaccard, is symmetric and stays within one author and distinct subjects', () => {
    fc.assert(
      fc.property(arbTexts, fc.double({ min: 0.05, max: 1, noNaN: true }), (rows, threshold) => {
        const texts = toTexts(rows);
        const issues = detectFormality(texts, withFeedback({ minChars: 0, similarityThreshold: threshold }));
        const byId = new Map(texts.map((t) => [t.id, t]));
        const found = new Set<string>();
        for (const issue of issues) {
          expect(issue.code).toBe('near_duplicate');
          const me = byId.get(issue.id) as FormalityText;
          for (const m of issue.details.matches as { id: string; similarity: number }[]) {
            const other = byId.get(m.id) as FormalityText;
            expect(other.authorId).toBe(me.authorId);
            expect(other.subjectId).not.toBe(me.subjectId);
            found.add(`${me.id}|${other.id}`);
            expect(m.similarity).toBeCloseTo(naive(me.text, other.text), 4);
          }
        }
        // Every qualifying pair is found, in both directions.
        for (const a of texts) {
          for (const b of texts) {
            if (a.id === b.id || a.authorId !== b.authorId || a.subjectId === b.subjectId) continue;
            expect(found.has(`${a.id}|${b.id}`)).toBe(naive(a.text, b.text) >= threshold);
          }
        }
      }),
    );
  });

  it('agrees with a plain string-set reference on mixed-case, punctuated, accented and CJK text', () => {
    // The fast path (typed-array interning, in-place ASCII scanning) must give exactly the Jaccard of
    // the string shingles that `shingleUnits` describes.
    // Texts are case and cut variants of one base sentence, so they overlap heavily.
    const TOKENS = [
      'Alice',
      'team',
      "don't",
      'DONT',
      'the',
      'Café',
      'Über',
      '张伟',
      '很好。',
      'ok!',
      '42',
      'x',
    ];
    const arb = fc.record({
      base: fc.array(fc.constantFrom(...TOKENS), { minLength: 3, maxLength: 12 }),
      rows: fc.array(
        fc.record({
          subject: fc.constantFrom('p1', 'p2', 'p3'),
          name: fc.constantFrom(undefined, 'Alice', '张伟'),
          cases: fc.array(fc.constantFrom('same', 'upper', 'lower'), { minLength: 12, maxLength: 12 }),
          cut: fc.integer({ min: 0, max: 3 }),
          glue: fc.constantFrom(' ', '', ' - '),
        }),
        { maxLength: 6 },
      ),
    });
    const reference = (t: FormalityText) => {
      const { mode, units } = shingleUnits(t.text, t.subjectName);
      const set = new Set<string>();
      for (let i = 0; i + 2 < units.length; i++)
        set.add(`${units[i]}\u0001${units[i + 1]}\u0001${units[i + 2]}`);
      return { mode, set };
    };
    fc.assert(
      fc.property(arb, ({ base, rows }) => {
        const texts: FormalityText[] = rows.map((r, i) => ({
          id: `t${i}`,
          authorId: 'm1',
          subjectId: r.subject,
          text: base
            .slice(r.cut)
            .map((w, k) =>
              r.cases[k] === 'upper' ? w.toUpperCase() : r.cases[k] === 'lower' ? w.toLowerCase() : w,
            )
            .join(r.glue),
          ...(r.name === undefined ? {} : { subjectName: r.name }),
        }));
        const issues = detectFormality(texts, withFeedback({ minChars: 0, similarityThreshold: 1e-9 }));
        const got = new Map<string, number>();
        for (const issue of issues) {
          if (issue.code !== 'near_duplicate') continue;
          for (const m of issue.details.matches as { id: string; similarity: number }[])
            got.set(`${issue.id}|${m.id}`, m.similarity);
        }
        for (const a of texts) {
          for (const b of texts) {
            if (a.id === b.id || a.subjectId === b.subjectId || a.text.trim() === '' || b.text.trim() === '')
              continue;
            const ra = reference(a);
            const rb = reference(b);
            let inter = 0;
            for (const k of ra.set) if (rb.set.has(k)) inter++;
            const union = ra.set.size + rb.set.size - inter;
            const expected =
              ra.mode === rb.mode && inter > 0 ? Math.round((inter / union) * 10_000) / 10_000 : undefined;
            expect(got.get(`${a.id}|${b.id}`)).toBe(expected);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(arbTexts, (rows) => {
        const texts = toTexts(rows);
        const p = withFeedback({ minChars: 15, similarityThreshold: 0.5 });
        expect(detectFormality([...texts].reverse(), p)).toEqual(detectFormality(texts, p));
      }),
    );
  });

  it('tokenises ASCII on the fast path exactly like the Unicode regex', () => {
    const slow = (t: string) =>
      t
        .toLowerCase()
        .replace(/['\u2018\u2019`]/g, '')
        .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    const chars = fc.constantFrom(...'aZ09 .,;-\'`_\t\n!?()"'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (cs) => {
        const t = cs.join('');
        expect(words(t)).toEqual(slow(t));
      }),
    );
    expect(words("Don't STOP, rock 'n' roll")).toEqual(['dont', 'stop', 'rock', 'n', 'roll']);
    expect(words('Müller’s café')).toEqual(['müllers', 'café']);
  });

  it('stays exact for a very large author bucket with a large vocabulary', () => {
    // 1,100 texts by one author (past the dense pair table) with ~22,000 distinct words, so
    // vocabulary³ × 1,100 exceeds 2^53 and shingles are interned instead of numbered.
    // Only t0000 and t0001 share a text (10 words → 8 shingles, Jaccard 8 / 8 = 1).
    const shared = 'the same template words repeated here for everyone alike today';
    const texts: FormalityText[] = Array.from({ length: 1100 }, (_, i) => ({
      id: `t${String(i).padStart(4, '0')}`,
      authorId: 'hr',
      subjectId: `p${i}`,
      text: i < 2 ? shared : Array.from({ length: 20 }, (_, k) => `u${i}x${k}`).join(' '),
    }));
    const issues = detectFormality(texts, withFeedback({ minChars: 0 }));
    expect(issues.map((i) => [i.id, i.details.similarity])).toEqual([
      ['t0000', 1],
      ['t0001', 1],
    ]);
  });

  it('screens 100,000 reviews by 10,000 managers', () => {
    const phrases = [
      'delivered',
      'the',
      'migration',
      'on',
      'time',
      'and',
      'coached',
      'two',
      'juniors',
      'well',
    ];
    const texts: FormalityText[] = [];
    for (let i = 0; i < 100_000; i++) {
      const words: string[] = [];
      for (let k = 0; k < 40; k++) words.push(phrases[(i * 31 + k * k * 7) % phrases.length] as string);
      texts.push({
        id: `t${i}`,
        authorId: `m${i % 10_000}`,
        subjectId: `p${i}`,
        text: `P${i} ${words.join(' ')}.`,
      });
    }
    const issues = detectFormality(texts, policy);
    expect(issues.length).toBeGreaterThan(0);
  });
});

describe('feedbackQuality', () => {
  const meeting = (over: Partial<FeedbackMeeting>): FeedbackMeeting => ({
    id: 'fm1',
    cycleId: 'cy1',
    subjectId: 'p1',
    managerId: 'm1',
    heldAt: '2024-07-02T09:00:00Z',
    summary:
      'We went through the year: the reporting project landed early, the data quality goal slipped by two weeks.',
    strengths: 'Ownership of the reporting project.',
    improvements: 'Earlier escalation when data is late.',
    agreedActions: ['Weekly data check with the platform team'],
    ...over,
  });

  it('passes a real feedback meeting', () => {
    // The summary is 105 characters ≥ 80; strengths, improvements and one action are present.
    const q = feedbackQuality(meeting({}), policy);
    expect(q.passed).toBe(true);
    expect(q.failed).toEqual([]);
    expect(q.checks.map((c) => c.code)).toEqual(['summary', 'strengths', 'improvements', 'agreed_action']);
    // The counts the messages name, as fields (clients say the checks in their own language).
    expect(q.checks[0]).toMatchObject({ chars: 105, minChars: 80 });
    expect(q.checks[3]).toMatchObject({ actions: 1, message: '1 agreed action.' });
  });

  it('fails a mere-formality meeting on every check', () => {
    // 'Good year, keep it up.' = 22 characters < 80; nothing else filled in.
    const q = feedbackQuality(
      meeting({ summary: 'Good year, keep it up.', strengths: '', improvements: ' ', agreedActions: [] }),
      policy,
    );
    expect(q.passed).toBe(false);
    expect(q.failed).toEqual(['summary', 'strengths', 'improvements', 'agreed_action']);
    expect(q.checks[0]?.message).toBe('Summary has 22 of at least 80 characters.');
    expect(q.checks[0]).toMatchObject({ chars: 22, minChars: 80 });
    expect(q.checks[3]).toMatchObject({ actions: 0, message: 'No agreed action.' });
  });

  it('requires a non-empty summary even when minChars is 0', () => {
    const q = feedbackQuality(meeting({ summary: '' }), withFeedback({ minChars: 0 }));
    expect(q.failed).toEqual(['summary']);
  });
});
