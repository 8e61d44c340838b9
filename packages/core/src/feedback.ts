// Feedback: the result meeting, acknowledgement and appeal, and detection of empty or copy-pasted feedback.
import { z } from 'zod';
import { charCount, IdSchema, IsoDateTimeSchema, round, toEpochMs } from './common.ts';
import { MAX_AGREED_ACTIONS, TEXT_LIMITS } from './limits.ts';
import type { Policy } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';
import { addRuleIssue } from './ruleIssue.ts';

const DAY_MS = 86_400_000;

/**
 * The feedback meeting where the manager discusses the result with the employee. Text fields may be
 * empty here so drafts can be stored; `feedbackQuality` judges whether the meeting was a mere formality.
 */
export const FeedbackMeetingSchema = z
  .strictObject({
    id: IdSchema,
    cycleId: IdSchema,
    subjectId: IdSchema,
    managerId: IdSchema,
    heldAt: IsoDateTimeSchema,
    summary: z.string().trim().max(TEXT_LIMITS.meetingText),
    strengths: z.string().trim().max(TEXT_LIMITS.meetingText).default(''),
    improvements: z.string().trim().max(TEXT_LIMITS.meetingText).default(''),
    agreedActions: z
      .array(z.string().trim().min(1).max(TEXT_LIMITS.agreedAction))
      .max(MAX_AGREED_ACTIONS)
      .default([]),
  })
  .superRefine((m, ctx) => {
    if (m.managerId === m.subjectId) {
      addRuleIssue(ctx, {
        path: ['managerId'],
        message: 'a feedback meeting needs someone other than the subject',
        rule: 'meeting_with_self',
      });
    }
  });
export type FeedbackMeeting = z.infer<typeof FeedbackMeetingSchema>;
export type FeedbackMeetingInput = z.input<typeof FeedbackMeetingSchema>;

export const AppealOutcomeSchema = z.enum(['upheld', 'changed']);
export type AppealOutcome = z.infer<typeof AppealOutcomeSchema>;

const reasonSchema = z
  .string()
  .trim()
  .min(20, 'an appeal reason needs at least 20 characters')
  .max(TEXT_LIMITS.appealText);

/** The rating an appeal resolved as `changed` moved: from the rating HR corrected to the corrected one, and the recorded move. */
export const AppealCorrectionSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  /** The rating move recorded for it (an `appeal` adjustment of the person's rating). */
  adjustmentId: IdSchema,
  /** When results were already applied for the person: their result, re-applied at the corrected rating. */
  resultId: IdSchema.optional(),
});
export type AppealCorrection = z.infer<typeof AppealCorrectionSchema>;

/**
 * Where the employee stands on a shared result: `pending` → `acknowledged`, or `pending` →
 * `appealed` → `appeal_resolved` (the result upheld or changed). Acknowledged and resolved are final.
 */
export const AcknowledgementStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('pending') }),
  z.strictObject({
    status: z.literal('acknowledged'),
    at: IsoDateTimeSchema,
    comment: z.string().trim().max(TEXT_LIMITS.acknowledgementComment).default(''),
  }),
  z.strictObject({ status: z.literal('appealed'), at: IsoDateTimeSchema, reason: reasonSchema }),
  z.strictObject({
    status: z.literal('appeal_resolved'),
    at: IsoDateTimeSchema,
    by: IdSchema,
    outcome: AppealOutcomeSchema,
    note: z.string().trim().min(1).max(TEXT_LIMITS.appealText),
    /** `changed` with a corrected rating (absent on resolutions recorded before ratings were corrected on appeal). */
    correction: AppealCorrectionSchema.optional(),
  }),
]);
export type AcknowledgementState = z.infer<typeof AcknowledgementStateSchema>;

export const AcknowledgeInputSchema = z.strictObject({
  at: IsoDateTimeSchema,
  comment: z.string().trim().max(TEXT_LIMITS.acknowledgementComment).default(''),
});
export type AcknowledgeInput = z.input<typeof AcknowledgeInputSchema>;

export const AppealInputSchema = z.strictObject({
  at: IsoDateTimeSchema,
  reason: reasonSchema,
  /**
   * When the result was shared with the employee at a meeting that counts; the appeal window runs from here. Null
   * while no such meeting is recorded (see meetingShare `resultSharedAt`): no window runs, an appeal is always open.
   */
  resultSharedAt: IsoDateTimeSchema.nullable(),
});
export type AppealInput = z.input<typeof AppealInputSchema>;

export const ResolveAppealInputSchema = z.strictObject({
  at: IsoDateTimeSchema,
  by: IdSchema,
  outcome: AppealOutcomeSchema,
  note: z.string().trim().min(1, 'explain the resolution').max(TEXT_LIMITS.appealText),
  /** The appealing employee, who cannot resolve their own appeal. */
  subjectId: IdSchema,
  /** `changed` only: the rating moved (see appealCorrection `correctOnAppeal`). */
  correction: AppealCorrectionSchema.optional(),
});
export type ResolveAppealInput = z.input<typeof ResolveAppealInputSchema>;

export type AcknowledgementErrorCode =
  | 'invalid_input'
  | 'invalid_state'
  | 'invalid_time'
  | 'appeal_window_closed'
  | 'resolver_is_subject';
type AckResult = Result<AcknowledgementState, DomainError<AcknowledgementErrorCode>>;

/** Parse an input with its schema, turning the first zod issue into an `invalid_input` error. */
function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Result<z.infer<S>, DomainError<'invalid_input'>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return fail('invalid_input', issue?.message ?? 'invalid input', {
    path: (issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))),
    details: { issues: parsed.error.issues.length },
  });
}

function invalidState(action: string, state: AcknowledgementState, expected: string): AckResult {
  return fail(
    'invalid_state',
    `Cannot ${action}: the result is ${state.status.replace('_', ' ')}, not ${expected}.`,
    {
      details: { status: state.status, expected },
    },
  );
}

/** The employee acknowledges the shared result (only from `pending`). */
export function acknowledge(state: AcknowledgementState, input: AcknowledgeInput): AckResult {
  const parsed = parseInput(AcknowledgeInputSchema, input);
  if (!parsed.ok) return parsed;
  if (state.status !== 'pending') return invalidState('acknowledge', state, 'pending');
  return ok({ status: 'acknowledged', at: parsed.value.at, comment: parsed.value.comment });
}

/**
 * The employee appeals the shared result (only from `pending`), within
 * `policy.feedback.appealWindowDays` × 24 h of `resultSharedAt` (the deadline instant itself is allowed); with
 * `resultSharedAt` null (the meeting does not count yet) no window runs.
 */
export function appeal(
  state: AcknowledgementState,
  input: AppealInput,
  policy: Pick<Policy, 'feedback'>,
): AckResult {
  const parsed = parseInput(AppealInputSchema, input);
  if (!parsed.ok) return parsed;
  const { at, reason, resultSharedAt } = parsed.value;
  if (state.status !== 'pending') return invalidState('appeal', state, 'pending');
  if (resultSharedAt === null) return ok({ status: 'appealed', at, reason });
  const atMs = toEpochMs(at);
  const sharedMs = toEpochMs(resultSharedAt);
  if (atMs < sharedMs) {
    return fail('invalid_time', 'An appeal cannot come before the result was shared.', {
      path: ['at'],
      details: { at, resultSharedAt },
    });
  }
  const windowDays = policy.feedback.appealWindowDays;
  const deadlineMs = sharedMs + windowDays * DAY_MS;
  if (atMs > deadlineMs) {
    const deadline = new Date(deadlineMs).toISOString();
    return fail('appeal_window_closed', `The appeal window of ${windowDays} days closed at ${deadline}.`, {
      path: ['at'],
      details: { windowDays, deadline, at },
    });
  }
  return ok({ status: 'appealed', at, reason });
}

/**
 * HR or a reviewer resolves an appeal (only from `appealed`); the appealing employee cannot resolve
 * their own appeal, and the resolution cannot predate the appeal.
 */
export function resolveAppeal(state: AcknowledgementState, input: ResolveAppealInput): AckResult {
  const parsed = parseInput(ResolveAppealInputSchema, input);
  if (!parsed.ok) return parsed;
  const { at, by, outcome, note, subjectId, correction } = parsed.value;
  if (state.status !== 'appealed') return invalidState('resolve an appeal', state, 'appealed');
  if (correction !== undefined && outcome !== 'changed') {
    return fail('invalid_input', 'An upheld appeal keeps the rating: it has no correction.', {
      path: ['correction'],
    });
  }
  if (by === subjectId) {
    return fail('resolver_is_subject', 'The employee who appealed cannot resolve their own appeal.', {
      path: ['by'],
      details: { by },
    });
  }
  if (toEpochMs(at) < toEpochMs(state.at)) {
    return fail('invalid_time', 'An appeal cannot be resolved before it was made.', {
      path: ['at'],
      details: { at, appealedAt: state.at },
    });
  }
  return ok({ status: 'appeal_resolved', at, by, outcome, note, ...(correction ? { correction } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Formality detection

/** One piece of feedback to screen; `subjectName`, when known, is masked so a swapped name still matches. */
export const FormalityTextSchema = z.strictObject({
  id: IdSchema,
  authorId: IdSchema,
  subjectId: IdSchema,
  text: z.string().max(20_000),
  subjectName: z.string().trim().max(200).optional(),
});
export type FormalityText = z.infer<typeof FormalityTextSchema>;

export type FormalityCode = 'empty' | 'too_short' | 'near_duplicate';

/** What the formality screening reads of a policy (a client holding only part of the policy can run it too). */
export interface FormalityPolicy {
  feedback: Pick<Policy['feedback'], 'minChars' | 'similarityThreshold'>;
}

export interface DuplicateMatch {
  id: string;
  subjectId: string;
  /** Jaccard similarity of the shingle sets, 4 decimals. */
  similarity: number;
}

export interface FormalityIssue {
  id: string;
  code: FormalityCode;
  message: string;
  details: Record<string, unknown>;
}

const CODE_ORDER: Record<FormalityCode, number> = { empty: 0, too_short: 1, near_duplicate: 2 };
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const APOSTROPHES = /['\u2018\u2019`]/g;
/** Stands in for the subject's name (private-use code point; normalisation removes any in the text). */
const NAME = '\uE000';
/** A text averaging more characters than this per space-separated chunk is treated as unspaced (CJK, Thai). */
const UNSPACED_CHARS_PER_CHUNK = 12;

/** ECMAScript `\s` (white space and line terminators). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isApostrophe = (c: number): boolean => c === 39 || c === 96 || c === 0x2018 || c === 0x2019;

/**
 * Lower-cased words of a text: runs of letters, marks and digits; apostrophes are dropped
 * ("don't" → "dont"), every other character separates words. ASCII texts take a scanning fast path.
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  let strip = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (c >= 128) {
      return lower.replace(APOSTROPHES, '').match(WORD) ?? [];
    } else if (isApostrophe(c)) {
      if (start >= 0) strip = true;
    } else if (start >= 0) {
      const w = lower.slice(start, i);
      out.push(strip ? w.replace(APOSTROPHES, '') : w);
      start = -1;
      strip = false;
    }
  }
  if (start >= 0) {
    const w = lower.slice(start);
    out.push(strip ? w.replace(APOSTROPHES, '') : w);
  }
  return out;
}

/** Code points and whitespace-separated chunks of a text, ignoring leading and trailing space. */
function spacing(text: string): { chars: number; chunks: number } {
  let chars = 0;
  let chunks = 0;
  let inChunk = false;
  let trailing = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (chunks > 0) trailing++;
      inChunk = false;
      continue;
    }
    if (!inChunk) {
      chunks++;
      inChunk = true;
    }
    if (c < 0xdc00 || c > 0xdfff) chars += 1 + trailing;
    trailing = 0;
  }
  return { chars, chunks };
}

/**
 * The units a text is shingled over: lower-cased words with punctuation stripped, or — when the
 * text has few spaces (CJK) or fewer than 3 words — its letters and digits one code point each.
 * Words of the subject's name (2+ characters) are replaced by one placeholder unit.
 */
export function shingleUnits(
  text: string,
  subjectName?: string,
): { mode: 'words' | 'chars'; units: string[] } {
  const tokens = words(text);
  const { chars, chunks } = spacing(text);
  const nameParts = subjectName ? words(subjectName).filter((w) => charCount(w) >= 2) : [];
  if (tokens.length >= 3 && chars <= UNSPACED_CHARS_PER_CHUNK * chunks) {
    if (nameParts.length === 0) return { mode: 'words', units: tokens };
    const mask = new Set(nameParts);
    return { mode: 'words', units: tokens.map((t) => (mask.has(t) ? NAME : t)) };
  }
  let joined = tokens.join('');
  if (nameParts.length > 0) {
    const patterns = [...new Set([nameParts.join(''), ...nameParts])].sort((a, b) => b.length - a.length);
    for (const p of patterns) joined = joined.replaceAll(p, NAME);
  }
  return { mode: 'chars', units: Array.from(joined) };
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** True when text[start, start + word.length) lower-cased (ASCII) equals `word`. */
function sameLower(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Exact string interning over typed arrays (open addressing, FNV-1a hashes stored beside the ids in
 * the slots). ASCII words are hashed while scanning and compared in place, so a known word costs
 * no allocation.
 */
class Interner {
  private words: string[] = [];
  private slots = new Int32Array(4096); // [hash, id + 1] per slot; id + 1 = 0 means empty
  private mask = 2047;

  /** Id of a string, added when new. */
  ofString(word: string): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[2 * slot + 1] ?? 0;
      if (e === 0) return this.add(word, h, slot);
      if (this.slots[2 * slot] === h && this.words[e - 1] === word) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Id of the ASCII word text[start, end) lower-cased, whose FNV-1a hash `h` the caller computed. */
  ofAscii(text: string, start: number, end: number, h: number): number {
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[2 * slot + 1] ?? 0;
      if (e === 0) return this.add(text.slice(start, end).toLowerCase(), h, slot);
      if (this.slots[2 * slot] === h) {
        const w = this.words[e - 1] as string;
        if (w.length === end - start && sameLower(text, start, w)) return e - 1;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private add(word: string, h: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = id + 1;
    if (this.words.length * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let k = 0; k < old.length; k += 2) {
      const e = old[k + 1] ?? 0;
      if (e === 0) continue;
      const h = old[k] ?? 0;
      let slot = h & mask;
      while ((slots[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = h;
      slots[2 * slot + 1] = e;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** ASCII character classes for the scanning fast path. */
const SEP = 0;
const LOWER = 1; // a–z and 0–9
const UPPER = 2;
const APOS = 3;
const SPACE = 4;
const ASCII_CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = LOWER;
  for (let c = 97; c <= 122; c++) t[c] = LOWER;
  for (let c = 65; c <= 90; c++) t[c] = UPPER;
  t[39] = APOS;
  t[96] = APOS;
  for (const c of [9, 10, 11, 12, 13, 32]) t[c] = SPACE;
  return t;
})();

/** Grow an Int32Array scratch buffer to at least `n` entries (contents not kept). */
function atLeast(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (a.length >= n) return a;
  let size = a.length;
  while (size < n) size *= 2;
  return new Int32Array(size);
}

/**
 * Reusable state for one `detectFormality` call: the unit interner (shared by all buckets) and
 * scratch arrays grown to the largest author bucket and reused for every bucket.
 */
class Screener {
  readonly interner = new Interner();
  readonly nameId: number;
  private ids = new Int32Array(4096);
  private length = 0;
  private ta = new Int32Array(64);
  private tb = new Int32Array(64);
  private tc = new Int32Array(64);
  private tv = new Int32Array(64);
  private head = new Int32Array(64);
  private lastText = new Int32Array(64);
  private next = new Int32Array(64);
  private owner = new Int32Array(64);
  private pairs = new Int32Array(64);

  constructor(readonly threshold: number) {
    this.nameId = this.interner.ofString(NAME);
  }

  private push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }

  /**
   * Append the shingle units of one text as interned ids and tell whether they are characters
   * (unspaced text) rather than words. Same units as `shingleUnits`; ASCII texts are tokenised,
   * counted and interned in one pass without building strings for known words.
   */
  private appendUnits(t: FormalityText): boolean {
    const text = t.text;
    const n = text.length;
    const from = this.length;
    const interner = this.interner;
    let chunks = 0;
    let prevSpace = true;
    let start = -1;
    let strip = false;
    let h = FNV_OFFSET;
    let i = 0;
    for (; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) break;
      const cls = ASCII_CLASS[c] ?? SEP;
      if (cls === SPACE) prevSpace = true;
      else {
        if (prevSpace) chunks++;
        prevSpace = false;
      }
      if (cls === LOWER || cls === UPPER) {
        if (cls === UPPER) c += 32;
        if (start < 0) {
          start = i;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      } else if (cls === APOS) {
        if (start >= 0) strip = true;
      } else if (start >= 0) {
        this.push(strip ? interner.ofString(stripped(text, start, i)) : interner.ofAscii(text, start, i, h));
        start = -1;
        strip = false;
      }
    }
    let chars: number;
    if (i === n) {
      if (start >= 0)
        this.push(strip ? interner.ofString(stripped(text, start, n)) : interner.ofAscii(text, start, n, h));
      chars = text.trim().length; // ASCII: one code point per unit
    } else {
      this.length = from;
      for (const w of words(text)) this.push(interner.ofString(w));
      const sp = spacing(text);
      chars = sp.chars;
      chunks = sp.chunks;
    }
    const count = this.length - from;
    if (count >= 3 && chars <= UNSPACED_CHARS_PER_CHUNK * chunks) {
      if (t.subjectName) {
        const nameIds = words(t.subjectName)
          .filter((w) => charCount(w) >= 2)
          .map((w) => interner.ofString(w));
        if (nameIds.length > 0) {
          for (let k = from; k < this.length; k++)
            if (nameIds.includes(this.ids[k] ?? -1)) this.ids[k] = this.nameId;
        }
      }
      return false;
    }
    // Unspaced (CJK) or fewer than 3 words: character units, built the plain way (rare).
    this.length = from;
    for (const unit of shingleUnits(text, t.subjectName).units) this.push(interner.ofString(unit));
    return true;
  }

  /**
   * Near-duplicate matches within one author's texts (pairs about different subjects only), exact:
   * every distinct 3-shingle gets an id in a hash table over unit-id triples and keeps the list of
   * texts containing it, so a text adds one to its intersection with each earlier text sharing a
   * shingle — the cost follows the overlap, not B² full set comparisons.
   */
  bucket(
    texts: readonly FormalityText[],
    bucket: readonly number[],
    matches: Map<number, DuplicateMatch[]>,
  ): void {
    const B = bucket.length;
    const charMode = new Uint8Array(B);
    const offsets = new Int32Array(B + 1);
    this.length = 0;
    let total = 0;
    for (let x = 0; x < B; x++) {
      charMode[x] = this.appendUnits(texts[bucket[x] as number] as FormalityText) ? 1 : 0;
      offsets[x + 1] = this.length;
      total += Math.max(0, this.length - (offsets[x] ?? 0) - 2);
    }
    const ids = this.ids;

    let cap = 16;
    while (cap < total * 2) cap *= 2;
    const tmask = cap - 1;
    this.ta = atLeast(this.ta, cap);
    this.tb = atLeast(this.tb, cap);
    this.tc = atLeast(this.tc, cap);
    this.tv = atLeast(this.tv, cap);
    this.head = atLeast(this.head, total);
    this.lastText = atLeast(this.lastText, total);
    this.next = atLeast(this.next, total);
    this.owner = atLeast(this.owner, total);
    const { ta, tb, tc, tv, head, lastText, next, owner } = this;
    tv.fill(0, 0, cap); // shingle id + 1; 0 = empty slot
    head.fill(-1, 0, total); // shingle → its latest entry
    lastText.fill(-1, 0, total); // shingle → the last text that counted it
    const dense = B <= DENSE_BUCKET;
    if (dense) {
      this.pairs = atLeast(this.pairs, B * B);
      this.pairs.fill(0, 0, B * B);
    }
    const pairs = this.pairs;
    const sparse = dense ? null : new Map<number, number>();
    const sizes = new Int32Array(B);
    let shingles = 0;
    let entries = 0;

    for (let x = 0; x < B; x++) {
      const end = offsets[x + 1] ?? 0;
      for (let i = offsets[x] ?? 0; i + 2 < end; i++) {
        const a = ids[i] ?? 0;
        const b = ids[i + 1] ?? 0;
        const c = ids[i + 2] ?? 0;
        let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) & tmask;
        let sh: number;
        for (;;) {
          const v = tv[slot] ?? 0;
          if (v === 0) {
            sh = shingles++;
            ta[slot] = a;
            tb[slot] = b;
            tc[slot] = c;
            tv[slot] = sh + 1;
            break;
          }
          if (ta[slot] === a && tb[slot] === b && tc[slot] === c) {
            sh = v - 1;
            break;
          }
          slot = (slot + 1) & tmask;
        }
        if (lastText[sh] === x) continue; // the same shingle twice in one text
        lastText[sh] = x;
        sizes[x] = (sizes[x] ?? 0) + 1;
        for (let e = head[sh] ?? -1; e >= 0; e = next[e] ?? -1) {
          const cell = (owner[e] ?? 0) * B + x;
          if (sparse) sparse.set(cell, (sparse.get(cell) ?? 0) + 1);
          else pairs[cell] = (pairs[cell] ?? 0) + 1;
        }
        owner[entries] = x;
        next[entries] = head[sh] ?? -1;
        head[sh] = entries++;
      }
    }

    const threshold = this.threshold;
    for (let x = 0; x < B; x++) {
      const sx = sizes[x] ?? 0;
      if (sx === 0) continue;
      const tx = texts[bucket[x] as number] as FormalityText;
      for (let y = x + 1; y < B; y++) {
        const sy = sizes[y] ?? 0;
        if (sy === 0 || charMode[x] !== charMode[y]) continue;
        const cell = x * B + y;
        const inter = sparse ? (sparse.get(cell) ?? 0) : (pairs[cell] ?? 0);
        if (inter === 0 && threshold > 0) continue;
        const similarity = inter / (sx + sy - inter);
        if (similarity < threshold) continue;
        const ty = texts[bucket[y] as number] as FormalityText;
        if (tx.subjectId === ty.subjectId) continue;
        const sim = round(similarity, 4);
        pushMatch(matches, bucket[x] as number, { id: ty.id, subjectId: ty.subjectId, similarity: sim });
        pushMatch(matches, bucket[y] as number, { id: tx.id, subjectId: tx.subjectId, similarity: sim });
      }
    }
  }
}

/** text[start, end) lower-cased without apostrophes (the rare word that contains one). */
function stripped(text: string, start: number, end: number): string {
  return text.slice(start, end).toLowerCase().replace(APOSTROPHES, '');
}

/** Buckets up to this size count pair intersections in a flat B × B table; larger ones use a Map. */
const DENSE_BUCKET = 1024;

function pushMatch(matches: Map<number, DuplicateMatch[]>, index: number, match: DuplicateMatch): void {
  const list = matches.get(index);
  if (list) list.push(match);
  else matches.set(index, [match]);
}

/**
 * Screen feedback texts for mere formality (obstacle 3):
 * - `empty`: nothing but whitespace;
 * - `too_short`: fewer than `policy.feedback.minChars` characters once trimmed (code points);
 * - `near_duplicate`: Jaccard similarity of word 3-shingles (character 3-grams for unspaced text) at or
 *   above `policy.feedback.similarityThreshold` with another text by the same author about a different
 *   subject — one issue per text listing every match (`details`: the closest `similarity`, `matchCount`, `matches`);
 *   `too_short` names `chars` and `minChars` in its details. `message` is English; the code and details say the same.
 * Exact (no MinHash, no hashing shortcuts): texts are bucketed by author; within a bucket each distinct
 * shingle lists the texts containing it, so intersections are counted only where texts overlap.
 * Texts about one subject only, or alone in their bucket, are never shingled. Issues are sorted by
 * text id, then code.
 */
export function detectFormality(texts: readonly FormalityText[], policy: FormalityPolicy): FormalityIssue[] {
  const { minChars, similarityThreshold } = policy.feedback;
  const issues: FormalityIssue[] = [];
  const byAuthor = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i] as FormalityText;
    const trimmed = t.text.trim();
    // A code point is at most 2 UTF-16 units: long texts need no exact count.
    const chars = trimmed.length >= 2 * minChars ? trimmed.length : charCount(trimmed);
    if (chars === 0) {
      issues.push({
        id: t.id,
        code: 'empty',
        message: 'The feedback is empty.',
        details: { authorId: t.authorId },
      });
      continue;
    }
    if (chars < minChars) {
      issues.push({
        id: t.id,
        code: 'too_short',
        message: `The feedback has ${chars} characters; at least ${minChars} are expected.`,
        details: { chars, minChars },
      });
    }
    const bucket = byAuthor.get(t.authorId);
    if (bucket) bucket.push(i);
    else byAuthor.set(t.authorId, [i]);
  }

  const matches = new Map<number, DuplicateMatch[]>();
  const screener = new Screener(similarityThreshold);
  for (const bucket of byAuthor.values()) {
    if (bucket.length < 2) continue;
    const first = (texts[bucket[0] as number] as FormalityText).subjectId;
    if (bucket.every((i) => (texts[i] as FormalityText).subjectId === first)) continue;
    screener.bucket(texts, bucket, matches);
  }
  for (const [index, list] of matches) {
    const t = texts[index] as FormalityText;
    list.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const top = list[0]?.similarity ?? 0;
    issues.push({
      id: t.id,
      code: 'near_duplicate',
      message:
        `Nearly the same text (${round(top * 100, 1)}% similar) as ${list.length} other ` +
        `${list.length === 1 ? 'review' : 'reviews'} by the same author about different people.`,
      details: { authorId: t.authorId, similarity: top, matchCount: list.length, matches: list },
    });
  }
  issues.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : CODE_ORDER[a.code] - CODE_ORDER[b.code]));
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Meeting quality

export type FeedbackCheckCode = 'summary' | 'strengths' | 'improvements' | 'agreed_action';

/**
 * One item of the meeting checklist. Besides the English `message`, the counts it names: `chars` and `minChars`
 * (summary: its characters and the policy's minimum) and `actions` (agreed_action: how many were agreed).
 */
export interface FeedbackCheck {
  code: FeedbackCheckCode;
  passed: boolean;
  chars?: number;
  minChars?: number;
  actions?: number;
  message: string;
}

export interface FeedbackQuality {
  meetingId: string;
  /** True only when every check passes; a mere-formality meeting fails. */
  passed: boolean;
  checks: FeedbackCheck[];
  /** Codes of the failed checks, in checklist order. */
  failed: FeedbackCheckCode[];
}

/**
 * Per-meeting checklist: a summary of at least `policy.feedback.minChars` characters, named
 * strengths, named improvements, and at least one agreed action.
 */
export function feedbackQuality(
  meeting: Pick<FeedbackMeeting, 'id' | 'summary' | 'strengths' | 'improvements' | 'agreedActions'>,
  policy: { feedback: Pick<Policy['feedback'], 'minChars'> },
): FeedbackQuality {
  const { minChars } = policy.feedback;
  const summaryChars = charCount(meeting.summary.trim());
  const actions = meeting.agreedActions.filter((a) => a.trim().length > 0).length;
  const checks: FeedbackCheck[] = [
    {
      code: 'summary',
      passed: summaryChars > 0 && summaryChars >= minChars,
      chars: summaryChars,
      minChars,
      message: `Summary has ${summaryChars} of at least ${minChars} characters.`,
    },
    {
      code: 'strengths',
      passed: meeting.strengths.trim().length > 0,
      message: meeting.strengths.trim().length > 0 ? 'Strengths are named.' : 'No strengths are named.',
    },
    {
      code: 'improvements',
      passed: meeting.improvements.trim().length > 0,
      message:
        meeting.improvements.trim().length > 0 ? 'Improvements are named.' : 'No improvements are named.',
    },
    {
      code: 'agreed_action',
      passed: actions > 0,
      actions,
      message:
        actions > 0 ? `${actions} agreed ${actions === 1 ? 'action' : 'actions'}.` : 'No agreed action.',
    },
  ];
  const failed = checks.filter((c) => !c.passed).map((c) => c.code);
  return { meetingId: meeting.id, passed: failed.length === 0, checks, failed };
}
