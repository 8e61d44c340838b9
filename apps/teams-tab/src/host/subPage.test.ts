// subPageUrl: a deep link's sub-page becomes the tab's URL (view, cycle, person, section); foreign values are ignored.
import { describe, expect, it } from 'vitest';
import { subPageUrl } from './subPage.ts';

describe('subPageUrl', () => {
  it('opens the view with its cycle, person and section', () => {
    expect(subPageUrl('team?cycle=cyc_1&person=per_2#team-checkin', '/teams/team')).toBe(
      '/teams/team?cycle=cyc_1&person=per_2#team-checkin',
    );
    expect(subPageUrl('me?cycle=cyc_1#me-result', '/teams/me')).toBe('/teams/me?cycle=cyc_1#me-result');
    // The schedule's overdue stages: a report's appraisal and meeting on My team, one's own plan on Me.
    expect(subPageUrl('team?cycle=cyc_1&person=per_2#team-appraisal', '/teams/team')).toBe(
      '/teams/team?cycle=cyc_1&person=per_2#team-appraisal',
    );
    expect(subPageUrl('team?cycle=cyc_1&person=per_2#team-meeting', '/teams/me')).toBe(
      '/teams/team?cycle=cyc_1&person=per_2#team-meeting',
    );
    expect(subPageUrl('me?cycle=cyc_1#me-plan', '/teams/me')).toBe('/teams/me?cycle=cyc_1#me-plan');
  });

  it('ignores no value, the page already shown, and anything that is not a tab page', () => {
    expect(subPageUrl(undefined, '/teams/me')).toBeNull();
    expect(subPageUrl('', '/teams/me')).toBeNull();
    expect(subPageUrl('me?cycle=c#me-result', '/teams/me?cycle=c#me-result')).toBeNull();
    expect(subPageUrl('https://evil.example/x', '/teams/me')).toBeNull();
    expect(subPageUrl('../admin', '/teams/me')).toBeNull();
    expect(subPageUrl('config', '/teams/me')).toBeNull();
    expect(subPageUrl('team?cycle=a b', '/teams/me')).toBeNull();
  });
});
