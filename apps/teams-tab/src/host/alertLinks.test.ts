// Every kind of Teams alert the API sends opens the tab where its to-do item is done: the deep link's static tab and sub-page resolve to the tab's own to-do link (view, cycle, person, section).
import { digestTarget } from '@perfloop/api/src/alerts/digest.ts';
import { ALERT_KINDS, type Alert, deepLink, deepLinkTo } from '@perfloop/api/src/alerts/notification.ts';
import { describe, expect, it } from 'vitest';
import type { ToDoItem } from '../api/types.ts';
import { dateFormatter, translator } from '../i18n/index.tsx';
import { targetUrl } from '../navigation.tsx';
import { toDoWords } from '../views/toDoWords.ts';
import { subPageUrl } from './subPage.ts';

const APP = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';
const TAB = 'https://perfloop.example.com/teams';
const say = { t: translator('en'), date: dateFormatter('en') };

/** An alert of `kind` to Mia, about Ava (her report) or, for her own items, about herself. */
function alert(kind: Alert['item']['kind'], own: boolean): Alert {
  return {
    recipientId: 'per_mia',
    item: {
      kind,
      cycleId: 'cyc_h2',
      phase: 'appraise',
      subjectId: own ? 'per_mia' : 'per_ava',
      targetId: null,
      dueOn: '2026-12-01',
      overdueByDays: 6,
    },
    cycleName: '2026 H2',
    subjectName: own ? 'Mia Manager' : 'Ava Chen',
  };
}

/** The kinds about the recipient themselves; the others are about a report. */
const OWN: ReadonlySet<string> = new Set(['self_review', 'acknowledge_result']);

describe('alert deep links in the tab', () => {
  const cases = [
    ...ALERT_KINDS.map((kind) => alert(kind, OWN.has(kind))),
    alert('agree_plan', true), // one's own plan is agreed on Me, a report's on My team
  ];

  it.each(cases.map((a) => [`${a.item.kind} (${a.item.subjectId})`, a] as const))(
    '%s opens where the to-do item links',
    (_, a) => {
      const link = new URL(deepLink(APP, TAB, a).webUrl);
      const entityId = link.pathname.split('/').at(-1);
      const subEntityId = String(JSON.parse(link.searchParams.get('context') ?? '{}').subEntityId);
      const item: ToDoItem = { ...a.item, cycleName: a.cycleName, subjectName: a.subjectName };
      const { target } = toDoWords(say, item, a.recipientId, '2026-12-07');

      // The static tab Teams opens is the item's view; the tab then opens the sub-page: the to-do's own link.
      expect(entityId).toBe(target.view);
      expect(subPageUrl(subEntityId, `/teams/${target.view}`)).toBe(
        targetUrl(target, `http://tab.test/teams/${target.view}`),
      );
      // Outside Teams the link's fallback is the same page.
      expect(link.searchParams.get('webUrl')).toBe(`${TAB}/${subEntityId}`);
    },
  );

  it('covers one’s own plan on Me and a report’s on My team (to agree or to complete)', () => {
    const path = (a: Alert) =>
      JSON.parse(new URL(deepLink(APP, TAB, a).webUrl).searchParams.get('context') ?? '{}').subEntityId;
    expect(path(alert('agree_plan', true))).toBe('me?cycle=cyc_h2#me-plan');
    expect(path(alert('agree_plan', false))).toBe('team?cycle=cyc_h2&person=per_ava#team-checkin');
    // A report's plan still to complete opens where the manager edits its goals (the plan editor on My team).
    expect(path(alert('complete_plan', false))).toBe('team?cycle=cyc_h2&person=per_ava#team-checkin');
    expect(path(alert('manager_review', false))).toBe('team?cycle=cyc_h2&person=per_ava#team-appraisal');
    expect(path(alert('hold_feedback_meeting', false))).toBe('team?cycle=cyc_h2&person=per_ava#team-meeting');
    expect(path(alert('self_review', true))).toBe('me?cycle=cyc_h2#me-self');
  });

  it('a daily digest opens My team for its cycle with nobody selected, at the list of reports', () => {
    const link = new URL(deepLinkTo(APP, TAB, digestTarget('cyc_h2')).webUrl);
    const subEntityId = String(JSON.parse(link.searchParams.get('context') ?? '{}').subEntityId);
    expect(link.pathname.split('/').at(-1)).toBe('team');
    expect(subEntityId).toBe('team?cycle=cyc_h2#team-coaching');
    const target = { view: 'team', cycleId: 'cyc_h2', personId: null, section: 'team-coaching' } as const;
    expect(subPageUrl(subEntityId, '/teams/team')).toBe(targetUrl(target, 'http://tab.test/teams/team'));
    expect(link.searchParams.get('webUrl')).toBe(`${TAB}/${subEntityId}`);
  });
});
