// Tests for participation: adding, reinstating and withdrawing a cycle's participants, and what a reader sees of a withdrawal.
import { describe, expect, it } from 'vitest';
import {
  ADD_PARTICIPANT_PHASES,
  addParticipants,
  type ParticipantWithdrawal,
  ParticipantWithdrawalSchema,
  type Participation,
  redactWithdrawal,
  withdrawParticipant,
} from './participation.ts';

const W = (personId: string, extra: Partial<ParticipantWithdrawal> = {}): ParticipantWithdrawal => ({
  personId,
  kind: 'leave_of_absence',
  reason: 'Parental leave until next spring.',
  at: '2026-03-01T09:00:00Z',
  by: 'hr',
  ...extra,
});

const current: Participation = { participants: ['ann', 'bob'], withdrawn: [W('cat')] };

describe('addParticipants', () => {
  it('adds new people and reinstates withdrawn ones, sorted, removing their withdrawal', () => {
    const r = addParticipants(current, 'coach', ['zed', 'cat', 'abe']);
    expect(r).toEqual({
      ok: true,
      value: {
        participation: { participants: ['abe', 'ann', 'bob', 'cat', 'zed'], withdrawn: [] },
        added: ['abe', 'zed'],
        reinstated: ['cat'],
      },
    });
  });

  it('reports every duplicate and current participant with its path, changing nothing', () => {
    const r = addParticipants(current, 'plan', ['bob', 'dan', 'dan']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => [e.code, e.path])).toEqual([
      ['already_participant', ['personIds', 0]],
      ['duplicate_person', ['personIds', 2]],
    ]);
  });

  it('new people join only in plan, coach and appraise; a withdrawn one is reinstated until closed', () => {
    expect(ADD_PARTICIPANT_PHASES).toEqual(['plan', 'coach', 'appraise']);
    const late = addParticipants(current, 'calibrate', ['dan']);
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.error[0]?.code).toBe('wrong_phase');
      expect(late.error[0]?.message).toContain('only in the plan or coach or appraise phases');
      expect(late.error[0]?.details).toEqual({ phase: 'calibrate', allowed: ['plan', 'coach', 'appraise'] });
    }
    expect(addParticipants(current, 'apply', ['cat']).ok).toBe(true);
    const closed = addParticipants(current, 'closed', ['cat']);
    expect(closed.ok ? null : closed.error[0]?.code).toBe('wrong_phase');
  });
});

describe('withdrawParticipant', () => {
  it('moves the person out of the participants and keeps the withdrawal', () => {
    const r = withdrawParticipant(current, 'appraise', W('ann', { kind: 'left_organisation' }), false);
    expect(r).toEqual({
      ok: true,
      value: { participants: ['bob'], withdrawn: [W('cat'), W('ann', { kind: 'left_organisation' })] },
    });
  });

  it('refuses in closed, twice, for non-participants and once the result is applied', () => {
    const code = (r: ReturnType<typeof withdrawParticipant>) => (r.ok ? null : r.error.code);
    expect(code(withdrawParticipant(current, 'closed', W('ann'), false))).toBe('wrong_phase');
    expect(code(withdrawParticipant(current, 'coach', W('cat'), false))).toBe('already_withdrawn');
    expect(code(withdrawParticipant(current, 'coach', W('dan'), false))).toBe('not_a_participant');
    const applied = withdrawParticipant(current, 'improve', W('ann'), true);
    expect(code(applied)).toBe('result_applied');
    expect(applied.ok ? null : applied.error.path).toEqual(['personId']);
    expect(withdrawParticipant(current, 'improve', W('ann'), false).ok).toBe(true);
  });

  it('needs a reason as long as an override reason and a known kind', () => {
    expect(ParticipantWithdrawalSchema.safeParse(W('ann', { reason: '  ten chars! ' })).success).toBe(true);
    expect(ParticipantWithdrawalSchema.safeParse(W('ann', { reason: '   short   ' })).success).toBe(false);
    expect(ParticipantWithdrawalSchema.safeParse({ ...W('ann'), kind: 'fired' }).success).toBe(false);
  });
});

describe('redactWithdrawal', () => {
  it('shows everything, the kind and date to the person, or only who to anyone else', () => {
    expect(redactWithdrawal(W('ann'), 'full')).toEqual(W('ann'));
    expect(redactWithdrawal(W('ann'), 'own')).toEqual({
      personId: 'ann',
      kind: 'leave_of_absence',
      at: '2026-03-01T09:00:00Z',
    });
    expect(redactWithdrawal(W('ann'), 'none')).toEqual({ personId: 'ann' });
  });
});
