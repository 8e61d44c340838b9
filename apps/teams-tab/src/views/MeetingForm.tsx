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
import { feedbackQuality } from '@perfloop/core';
import { useState } from 'react';
import type { Cycle, FeedbackMeeting } from '../api/types.ts';
import { DayField } from '../components/DayField.tsx';
import { Row, Stack, TitledList } from '../components/layout.tsx';
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
  // The checklist the API returns with the meeting, worked out as it is typed.
  const quality = feedbackQuality({ id: 'unsaved', ...meeting }, cycle.policy);
  const failed = quality.checks.filter((c) => !c.passed);
  return (
    <Stack>
      <DayField label={t('team.heldAt')} value={heldAt} onChange={setHeldAt} />
      <Field
        label={t('team.summary')}
        validationState={quality.checks[0]?.passed ? 'success' : 'warning'}
        validationMessage={t('team.minChars', { chars: minChars, count: summary.trim().length })}
      >
        <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} rows={4} resize="vertical" />
      </Field>
      <Field label={t('checkIn.strengths')}>
        <Textarea value={strengths} onChange={(_, d) => setStrengths(d.value)} />
      </Field>
      <Field label={t('checkIn.improvements')}>
        <Textarea value={improvements} onChange={(_, d) => setImprovements(d.value)} />
      </Field>
      <Field label={t('team.agreedActions')}>
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
          disabled={busy}
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
