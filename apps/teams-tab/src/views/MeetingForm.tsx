// Recording the feedback meeting, or correcting the one recorded (prefilled with it): the quality checklist (core
// feedbackQuality, as the API and the cycle guard judge it) live while it is written; a meeting that fails it is
// recorded only after a confirmation saying it will not count.
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { feedbackQuality, MAX_AGREED_ACTIONS, TEXT_LIMITS } from '@perfloop/core';
import { useState } from 'react';
import type { Cycle, FeedbackMeeting } from '../api/types.ts';
import { DayField } from '../components/DayField.tsx';
import { Row, Stack, TitledList } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { instantOfDay, localDay } from '../dates.ts';
import { useI18n } from '../i18n/index.tsx';
import { qualityCheckText } from './meetingWords.ts';

export interface MeetingWrite {
  heldAt: string;
  summary: string;
  strengths: string;
  improvements: string;
  agreedActions: string[];
}

export function MeetingForm({
  cycle,
  name,
  busy,
  onRecord,
  correcting,
}: {
  cycle: Cycle;
  /** The employee's name. */
  name: string;
  busy: boolean;
  onRecord: (meeting: MeetingWrite) => void;
  /** The recorded meeting being corrected: the form starts from it and saves over it. */
  correcting?: FeedbackMeeting;
}) {
  const { t, number } = useI18n();
  const words = { t, number };
  const minChars = cycle.policy.feedback.minChars;
  const heldDay = correcting ? localDay(new Date(correcting.heldAt)) : null;
  const [heldAt, setHeldAt] = useState(() => heldDay ?? localDay());
  const [summary, setSummary] = useState(correcting?.summary ?? '');
  const [strengths, setStrengths] = useState(correcting?.strengths ?? '');
  const [improvements, setImprovements] = useState(correcting?.improvements ?? '');
  const [actions, setActions] = useState(correcting?.agreedActions.join('\n') ?? '');
  const [confirming, setConfirming] = useState(false);
  const meeting: MeetingWrite = {
    // The day as recorded keeps its instant; another day picked is that day.
    heldAt: correcting && heldAt === heldDay ? correcting.heldAt : instantOfDay(heldAt),
    summary,
    strengths,
    improvements,
    agreedActions: actions
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
  };
  // One action a line: each within its limit, and at most as many as the API takes (core TEXT_LIMITS, MAX_AGREED_ACTIONS).
  const longAction =
    meeting.agreedActions.some((a) => a.length > TEXT_LIMITS.agreedAction) ||
    meeting.agreedActions.length > MAX_AGREED_ACTIONS;
  // The checklist the API returns with the meeting, worked out as it is typed.
  const quality = feedbackQuality({ id: 'unsaved', ...meeting }, cycle.policy);
  const failed = quality.checks.filter((c) => !c.passed);
  return (
    <Stack>
      <DayField label={t('team.heldAt')} value={heldAt} onChange={setHeldAt} />
      <TextField
        label={t('team.summary')}
        validationState={quality.checks[0]?.passed ? 'success' : 'warning'}
        validationMessage={t('team.minChars', { chars: minChars, count: summary.trim().length })}
        value={summary}
        onChange={setSummary}
        limit="meetingText"
        rows={4}
      />
      <TextField
        label={t('checkIn.strengths')}
        value={strengths}
        onChange={setStrengths}
        limit="meetingText"
      />
      <TextField
        label={t('checkIn.improvements')}
        value={improvements}
        onChange={setImprovements}
        limit="meetingText"
      />
      <Field
        label={t('team.agreedActions')}
        {...(longAction
          ? {
              validationState: 'error' as const,
              validationMessage: t('team.actionTooLong', {
                max: number(TEXT_LIMITS.agreedAction),
                count: number(MAX_AGREED_ACTIONS),
              }),
            }
          : {})}
      >
        <Textarea value={actions} onChange={(_, d) => setActions(d.value)} />
      </Field>
      <TitledList
        title={t('team.qualityLive')}
        items={quality.checks}
        keyOf={(c) => c.code}
        testId="meeting-checklist"
      >
        {(c) => (
          <>
            <Badge appearance="tint" color={c.passed ? 'success' : 'danger'}>
              {c.passed ? '✓' : '✗'}
            </Badge>{' '}
            {qualityCheckText(words, c)}
          </>
        )}
      </TitledList>
      <Text data-testid="meeting-checklist-verdict">
        {quality.passed ? t('team.checklistPassed') : t('team.checklistFailed', { name })}
      </Text>
      <Row>
        <Button
          appearance="primary"
          disabled={busy || longAction}
          onClick={() => (quality.passed ? onRecord(meeting) : setConfirming(true))}
        >
          {t(correcting ? 'team.saveCorrection' : 'team.recordMeeting')}
        </Button>
      </Row>
      <Dialog
        open={confirming}
        modalType="alert"
        onOpenChange={(_, d) => {
          if (!d.open) setConfirming(false);
        }}
      >
        <DialogSurface data-testid="meeting-confirm">
          <DialogBody>
            <DialogTitle>{t('team.meetingConfirm.title')}</DialogTitle>
            <DialogContent>
              <Stack>
                <Text>{t('team.meetingConfirm.body', { name })}</Text>
                <TitledList title={t('team.meetingConfirm.failed')} items={failed} keyOf={(c) => c.code}>
                  {(c) => qualityCheckText(words, c)}
                </TitledList>
              </Stack>
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                disabled={busy}
                data-testid="confirm-record"
                onClick={() => {
                  setConfirming(false);
                  onRecord(meeting);
                }}
              >
                {t('team.meetingConfirm.record')}
              </Button>
              <Button onClick={() => setConfirming(false)}>{t('team.meetingConfirm.keepWriting')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Stack>
  );
}
