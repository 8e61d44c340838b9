// Next-cycle improvement: the drafts made from a cycle's results (goals carried forward, skills to build, manager
// actions); managers draft (improve phase) and accept them into the next cycle, employees see their own.
import { Badge, Button, Field, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Cycle, NextCycleDraft } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { type Action, useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack, TitledList } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { parseNumber } from '../i18n/numbers.ts';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';
import {
  actionTitle,
  developmentTitle,
  draftContext,
  draftGoalTitle,
  noteText,
  reasonText,
  skippedText,
} from './draftWords.ts';

// Each person's draft is set apart from the next, so its Accept button is seen as its own, not the next one's.
const useStyles = makeStyles({
  card: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
  },
});

/**
 * `mine`: the signed-in person's own drafts (read only). `team`: everyone else's the caller may see, with drafting
 * (improve phase, into a cycle in plan) and accepting (If-Match: a draft redrafted meanwhile is a 412, never overwritten).
 */
export function NextCycleDrafts({ cycle, mode }: { cycle: Cycle; mode: 'mine' | 'team' }) {
  const { client, me, cycles } = useSession();
  const { t, locale } = useI18n();
  const act = useAction();
  const data = useLoad(
    async () => {
      if (!reached(cycle, 'improve')) return [];
      const drafts = await client.all<NextCycleDraft>(`/v1/cycles/${cycle.id}/next-cycle-drafts`);
      return drafts.filter((d) => (mode === 'mine' ? d.personId === me.id : d.personId !== me.id));
    },
    [cycle.id, cycle.phase, me.id, mode],
    { deferred: true },
  );
  const targets = cycles.filter((c) => c.phase === 'plan' && c.id !== cycle.id);
  const [toCycleId, setToCycleId] = useState('');
  // Percentage points of each next plan kept for new development goals (the API checks 0–50).
  const [developmentWeight, setDevelopmentWeight] = useState('0');
  const weight = parseNumber(developmentWeight, locale);
  const target = toCycleId || targets[0]?.id || '';
  if (!reached(cycle, 'improve')) return null;
  return (
    <Section
      title={t(mode === 'mine' ? 'next.mine' : 'next.title')}
      help={t(mode === 'mine' ? 'next.mineHelp' : 'next.help')}
      id={mode === 'mine' ? 'me-next' : 'team-next'}
    >
      <Load loaded={data}>
        {(drafts) => (
          <Stack>
            {drafts.length === 0 ? (
              <Help>{t('next.none')}</Help>
            ) : (
              drafts.map((d) => (
                <DraftCard
                  key={d.id}
                  draft={d}
                  act={act}
                  canAccept={mode === 'team'}
                  reloading={data.loading}
                  onAccepted={data.reload}
                />
              ))
            )}
            {mode === 'team' &&
              cycle.phase === 'improve' &&
              (targets.length === 0 ? (
                <Help>{t('next.noTarget')}</Help>
              ) : (
                <Row>
                  <Field label={t('next.toCycle')}>
                    <Select value={target} onChange={(_, v) => setToCycleId(v.value)}>
                      {targets.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <NumberField
                    label={t('next.developmentWeight')}
                    hint={t('next.developmentWeightHint')}
                    value={developmentWeight}
                    onChange={setDevelopmentWeight}
                  />
                  <Button
                    disabled={act.busy || target === '' || weight === null || !Number.isFinite(weight)}
                    onClick={() =>
                      act
                        .run(
                          () =>
                            client.post<{ items: NextCycleDraft[] }>(
                              `/v1/cycles/${cycle.id}/next-cycle-drafts`,
                              { toCycleId: target, developmentWeight: weight },
                            ),
                          (made) =>
                            t(counted('next.drafted', made.items.length), { count: made.items.length }),
                        )
                        .then((ok) => ok && data.reload())
                    }
                  >
                    {t('next.draft')}
                  </Button>
                </Row>
              ))}
          </Stack>
        )}
      </Load>
      <ActionOutcome act={act} onReload={data.reload} />
    </Section>
  );
}

function DraftCard({
  draft,
  act,
  canAccept,
  reloading,
  onAccepted,
}: {
  draft: NextCycleDraft;
  act: Action;
  canAccept: boolean;
  /** The drafts are being read again (after a stale edit): the version shown may be the old one. */
  reloading: boolean;
  onAccepted: () => void;
}) {
  const { client, cycles, nameOf } = useSession();
  const { t, date, number } = useI18n();
  const s = useStyles();
  const to = cycles.find((c) => c.id === draft.toCycleId);
  const toName = to?.name ?? draft.toCycleId;
  const words = { t, number };
  const ctx = draftContext(draft, (id) => cycles.find((c) => c.id === id)?.name ?? id);
  const who = draft.personId === null ? t('next.organisation') : nameOf(draft.personId);
  return (
    <div data-testid={`draft-${draft.personId ?? 'organisation'}`} className={s.card}>
      <Stack>
        <Row>
          <Text weight="semibold">{t('next.for', { name: who, cycle: toName })}</Text>
          <Badge appearance="tint" color={draft.status === 'accepted' ? 'success' : 'warning'}>
            {draft.status === 'accepted'
              ? t('next.status.accepted', { date: date(draft.acceptedAt) })
              : t('next.status.open')}
          </Badge>
        </Row>
        <TitledList title={t('next.goals')} items={draft.drafts} keyOf={(g) => g.goal.id}>
          {(g) => {
            const title = draftGoalTitle(words, ctx, g);
            return (
              <Stack>
                <Text>{t('next.goalLine', { goal: title, reason: reasonText(words, ctx, g.reason) })}</Text>
                {g.notes.map((n) => (
                  <Help key={n.code}>{noteText(words, ctx, title, n)}</Help>
                ))}
              </Stack>
            );
          }}
        </TitledList>
        <TitledList title={t('next.development')} items={draft.developmentItems} keyOf={(d) => d.id}>
          {(d) => developmentTitle(words, ctx, d)}
        </TitledList>
        <TitledList
          title={t('next.actions')}
          items={canAccept ? draft.managerActions : []}
          keyOf={(a) => a.id}
        >
          {(a) => actionTitle(words, ctx, a)}
        </TitledList>
        <TitledList title={t('next.notCarried')} items={draft.skipped} keyOf={(s) => s.goalId}>
          {(s) => skippedText(words, s)}
        </TitledList>
        {canAccept &&
          draft.status === 'open' &&
          (to?.phase === 'plan' ? (
            <Row>
              <Button
                appearance="primary"
                disabled={act.busy || reloading}
                onClick={() =>
                  act
                    .run(
                      () =>
                        client.post<{ createdGoalIds: string[] }>(
                          `/v1/next-cycle-drafts/${draft.id}/accept`,
                          {},
                          { version: draft.version },
                        ),
                      (accepted) =>
                        t(counted('next.acceptedDone', accepted.createdGoalIds.length), {
                          count: accepted.createdGoalIds.length,
                        }),
                    )
                    .then((ok) => ok && onAccepted())
                }
              >
                {draft.personId === null
                  ? t('next.accept', { cycle: toName })
                  : t('next.acceptFor', { name: who, cycle: toName })}
              </Button>
            </Row>
          ) : (
            <Help>{t('next.targetLeftPlan', { cycle: toName })}</Help>
          ))}
      </Stack>
    </div>
  );
}
