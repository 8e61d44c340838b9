// An API problem in the tab's language: its stable `code` said in plain words (en, zh-CN); null for a code the tab
// does not know, which is then shown with the API's own title and detail.
import type { Problem } from '../api/client.ts';
import { en } from './en.ts';
import type { MessageKey, Translate } from './index.tsx';

const PHASES = ['plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply', 'improve', 'closed'] as const;
type PhaseName = (typeof PHASES)[number];
const isPhase = (x: unknown): x is PhaseName =>
  typeof x === 'string' && (PHASES as readonly string[]).includes(x);

/** `problem.<code>` when the catalogue has it. */
function keyOf(code: string | undefined): MessageKey | null {
  if (!code) return null;
  const key = `problem.${code}`;
  return key in en ? (key as MessageKey) : null;
}

/** wrong_phase: the phase the cycle is in and where the action is allowed, from `details` (phase names translated). */
function wrongPhase(t: Translate, details: Record<string, unknown> | undefined): string | null {
  const phase = details?.phase;
  const allowed = details?.allowed;
  if (!isPhase(phase) || !Array.isArray(allowed) || !allowed.every(isPhase)) return null;
  const name = (p: PhaseName) => t('error.phaseName', { phase: t(`phase.${p}`) });
  if (allowed.length === 0) return t('error.wrongPhaseNone', { phase: name(phase) });
  return t('problem.wrong_phase', { phase: name(phase), allowed: allowed.map(name).join(t('error.or')) });
}

/** The problem's code in plain words, or null when the tab does not know it (or its facts are missing). */
export function problemText(problem: Problem, t: Translate): string | null {
  if (problem.code === 'wrong_phase') return wrongPhase(t, problem.details);
  const key = keyOf(problem.code);
  return key ? t(key) : null;
}

/** A readiness guard (what holds a cycle in its phase) in plain words; null for a code the tab does not know. */
export function guardText(code: string, count: number, t: Translate): string | null {
  const key = `guard.${code}`;
  return key in en ? t(key as MessageKey, { count }) : null;
}
