// Tests for meetingShare: only a meeting that passes the checklist shares the result, can be acknowledged and starts the appeal window.
import { describe, expect, it } from 'vitest';
import { appeal } from './feedback.ts';
import { appealDeadlineFrom, requireCountingMeeting, resultSharedAt } from './meetingShare.ts';
import { POLICY_PRESETS } from './policy.ts';

const policy = POLICY_PRESETS.incentive; // 14-day appeal window
const good = {
  id: 'm1',
  heldAt: '2026-02-10T14:00:00.000Z',
  summary:
    'We walked through every goal of the half, the final rating and its calibration, and agreed the focus.',
  strengths: 'Careful preparation.',
  improvements: 'Forecast accuracy.',
  agreedActions: ['Draft the next plan together.'],
};
const thin = { ...good, summary: 'Good job.', agreedActions: [] };
const reason = 'The rating ignores the migration I led for most of the half.';

describe('meetingShare', () => {
  it('a passing meeting shares the result when held, or when corrected later', () => {
    expect(resultSharedAt(good, policy)).toBe(good.heldAt);
    expect(resultSharedAt(good, policy, '2026-02-01T00:00:00.000Z')).toBe(good.heldAt);
    expect(resultSharedAt(good, policy, '2026-02-20T09:00:00.000Z')).toBe('2026-02-20T09:00:00.000Z');
    expect(appealDeadlineFrom(good.heldAt, policy)).toBe('2026-02-24T14:00:00.000Z');
  });

  it('a mere formality shares nothing: no deadline, and an appeal is never refused for the window', () => {
    expect(resultSharedAt(thin, policy, '2026-02-20T09:00:00.000Z')).toBeNull();
    expect(appealDeadlineFrom(null, policy)).toBeNull();
    const late = appeal(
      { status: 'pending' },
      { at: '2026-06-01T00:00:00Z', reason, resultSharedAt: null },
      policy,
    );
    expect(late).toMatchObject({ ok: true, value: { status: 'appealed' } });
    const closed = appeal(
      { status: 'pending' },
      { at: '2026-06-01T00:00:00Z', reason, resultSharedAt: good.heldAt },
      policy,
    );
    expect(closed).toMatchObject({ ok: false, error: { code: 'appeal_window_closed' } });
  });

  it('only a meeting that passes the checklist can be acknowledged; the refusal names the failed items', () => {
    expect(requireCountingMeeting(good, policy)).toMatchObject({ ok: true, value: { passed: true } });
    const refused = requireCountingMeeting(thin, policy);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('meeting_not_counted');
    expect(refused.error.details?.failed).toEqual(['summary', 'agreed_action']);
    expect(refused.error.message).toContain('Summary has 9 of at least');
    expect(refused.error.message).toContain('No agreed action.');
    expect(refused.error.message).toContain('you may still appeal');
  });
});
