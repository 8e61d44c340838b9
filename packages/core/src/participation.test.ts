// Tests for participation: adding, reinstating and withdrawing a cycle's participants, and what a reader sees of a withdrawal.
import { describe, expect, it } from 'vitest';
import {
  ADD_PARTICIPANT_PHASES,
  addParticipants,
  type ParticipantWithdrawal,
  ParticipantWithdrawalSchema,
  type Participation,
  ParticipationEventSchema,
  participationHistory,
  redactParticipationEvent,
  redactWithdrawal,
  reinstatementEvents,
  requireNotWithdrawn,
  withdrawalEvent,
  withdrawalOf,
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

describe('requireNotWithdrawn', () => {
  it('refuses a write about a withdrawn person with one code, naming them and how to reinstate', () => {
    expect(withdrawalOf(current, 'cat')).toEqual(W('cat'));
    expect(withdrawalOf(current, 'ann')).toBeNull();
    expect(requireNotWithdrawn(current, 'ann')).toEqual({ ok: true, value: null });
    const refused = requireNotWithdrawn(current, 'cat', 'Cat Lee');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('participant_withdrawn');
    expect(refused.error.details).toEqual({ personId: 'cat' });
    expect(refused.error.message).toMatch(/^Cat Lee \(cat\) was withdrawn from this cycle/);
    expect(refused.error.message).toContain('HR reinstates them');
    // The reason HR wrote is never in the refusal (it may be sensitive).
    expect(refused.error.message).not.toContain('Parental');
    const byId = requireNotWithdrawn(current, 'cat');
    expect(byId.ok ? '' : byId.error.message).toMatch(/^cat was withdrawn/);
    // Reinstated (no longer in `withdrawn`): writes about them are accepted again.
    expect(requireNotWithdrawn({ withdrawn: [] }, 'cat').ok).toBe(true);
  });
});

describe('participation history', () => {
  it('keeps each withdrawal and reinstatement per person, oldest first, with legacy withdrawals added', () => {
    const first = W('cat', { at: '2026-02-01T09:00:00Z' });
    const back = reinstatementEvents(['cat'], '2026-02-10T09:00:00Z', 'hr2', '  Back from leave early. ');
    expect(back).toEqual([
      {
        personId: 'cat',
        action: 'reinstated',
        at: '2026-02-10T09:00:00Z',
        by: 'hr2',
        reason: 'Back from leave early.',
      },
    ]);
    expect(reinstatementEvents(['cat'], '2026-02-10T09:00:00Z', 'hr2', '   ')[0]).not.toHaveProperty(
      'reason',
    );
    const history = [withdrawalEvent(first), ...back];
    for (const e of history) expect(ParticipationEventSchema.safeParse(e).success).toBe(true);
    // The current withdrawal (2026-03-01) predates the kept history: it is added from `withdrawn`.
    const byPerson = participationHistory(history, [W('cat')]);
    expect(byPerson.get('cat')?.map((e) => [e.action, e.at])).toEqual([
      ['withdrawn', '2026-02-01T09:00:00Z'],
      ['reinstated', '2026-02-10T09:00:00Z'],
      ['withdrawn', '2026-03-01T09:00:00Z'],
    ]);
    expect(byPerson.has('ann')).toBe(false);
    // A withdrawal already in the history is not repeated.
    expect(participationHistory([withdrawalEvent(W('cat'))], [W('cat')]).get('cat')).toHaveLength(1);
  });

  it('shows the person what happened, when and the kind, never HR’s reason nor who', () => {
    const e = withdrawalEvent(W('ann'));
    expect(redactParticipationEvent(e, 'full')).toEqual(e);
    expect(redactParticipationEvent(e, 'own')).toEqual({
      personId: 'ann',
      action: 'withdrawn',
      at: '2026-03-01T09:00:00Z',
      kind: 'leave_of_absence',
    });
    const back = reinstatementEvents(['ann'], '2026-04-01T09:00:00Z', 'hr', 'Returned.')[0];
    expect(back && redactParticipationEvent(back, 'own')).toEqual({
      personId: 'ann',
      action: 'reinstated',
      at: '2026-04-01T09:00:00Z',
    });
  });
});
