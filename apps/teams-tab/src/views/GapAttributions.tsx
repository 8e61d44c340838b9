// Why a KPI fell short: the person's shortfalls and, for the person and their manager chain, each one's attribution to
// the four factors (skills, external environment, internal conditions, motivation) — what the gap diagnosis is made of.
import { Badge, Button, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Cycle, Factor, GapAttribution, Shortfall } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { numberText, parseNumber } from '../i18n/numbers.ts';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';

export const FACTORS: readonly Factor[] = [
  'skills',
  'external_environment',
  'internal_conditions',
  'motivation',
];
/** Attributions are written from appraise (actuals are in) to improve (they feed the next cycle's goals). */
const OPEN_PHASES = new Set(['appraise', 'calibrate', 'feedback', 'apply', 'improve']);

/** One person's shortfalls in a cycle (Me: the signed-in person; My team: the selected report). */
export function GapAttributions({
  cycle,
  subjectId,
  id,
  readOnly = false,
}: {
  cycle: Cycle;
  subjectId: string;
  id: string;
  /** The person is withdrawn from the cycle: attributions are shown, none written or changed. */
  readOnly?: boolean;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const visible = reached(cycle, 'appraise');
  const data = useLoad(
    async () => {
      if (!visible) return null;
      const [list, attributions] = await Promise.all([
        client.get<{ items: Shortfall[] }>(`/v1/cycles/${cycle.id}/shortfalls`, { subjectId }),
        client.all<GapAttribution>('/v1/gap-attributions', { cycleId: cycle.id, subjectId }),
      ]);
      return { shortfalls: list.items, attributions };
    },
    [cycle.id, subjectId, visible],
    { deferred: true },
  );
  if (!visible) return null;
  return (
    <Section title={t('gap.title')} help={t('gap.help')} id={id}>
      <Load loaded={data}>
        {(d) =>
          !d || d.shortfalls.length === 0 ? (
            <Help>{t('gap.none')}</Help>
          ) : (
            <Stack>
              {d.shortfalls.map((s) => (
                <ShortfallCard
                  key={s.goalId}
                  cycle={cycle}
                  shortfall={s}
                  attributions={d.attributions.filter((a) => a.goalId === s.goalId)}
                  readOnly={readOnly}
                  onSaved={data.reload}
                />
              ))}
            </Stack>
          )
        }
      </Load>
    </Section>
  );
}

/** Percent per factor as typed (strings, so a field can be empty while editing). */
type Shares = Record<Factor, string>;

function sharesOf(a: GapAttribution | undefined, locale: string): Shares {
  const out: Shares = { skills: '', external_environment: '', internal_conditions: '', motivation: '' };
  for (const f of a?.factors ?? []) out[f.factor] = numberText(Math.round(f.share * 1000) / 10, locale);
  return out;
}

/** The factors with a share above zero, as fractions; null unless every field is a number from 0 to 100 in `locale`. */
function factorsOf(shares: Shares, locale: string): { factor: Factor; share: number }[] | null {
  const out: { factor: Factor; share: number }[] = [];
  for (const factor of FACTORS) {
    const pct = parseNumber(shares[factor], locale);
    if (pct === null) continue;
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) return null;
    if (pct > 0) out.push({ factor, share: pct / 100 });
  }
  return out;
}

function ShortfallCard({
  cycle,
  shortfall: s,
  attributions,
  readOnly,
  onSaved,
}: {
  cycle: Cycle;
  shortfall: Shortfall;
  attributions: GapAttribution[];
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { client, me, nameOf } = useSession();
  const { t, number, locale } = useI18n();
  const act = useAction();
  const mine = attributions.find((a) => a.authorId === me.id);
  const others = attributions.filter((a) => a.authorId !== me.id);
  const [shares, setShares] = useState<Shares>(() => sharesOf(mine, locale));
  const [note, setNote] = useState(mine?.note ?? '');
  // The form follows the stored attribution whenever it changes (saved here, or reloaded after a 412).
  const stored = mine ? `${mine.id}:${mine.version}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the stored version changes.
  useEffect(() => {
    setShares(sharesOf(mine, locale));
    setNote(mine?.note ?? '');
  }, [stored]);
  const factors = factorsOf(shares, locale);
  const total = factors ? Math.round(factors.reduce((sum, f) => sum + f.share * 100, 0) * 10) / 10 : null;
  const valid = factors !== null && factors.length > 0 && total === 100;
  const editable = s.attributable && OPEN_PHASES.has(cycle.phase) && !readOnly;
  const withUnit = (n: number) => `${number(n)}${s.unit ? ` ${s.unit}` : ''}`;
  const describe = (a: GapAttribution) =>
    a.factors.map((f) => `${t(`dept.factor.${f.factor}`)} ${number(f.share * 100, 0)}%`).join(' · ');
  const save = () =>
    act
      .run(
        () =>
          mine
            ? client.patch(`/v1/gap-attributions/${mine.id}`, { factors, note }, mine.version)
            : client.post('/v1/gap-attributions', {
                cycleId: cycle.id,
                subjectId: s.subjectId,
                goalId: s.goalId,
                factors,
                note,
              }),
        t('saved'),
      )
      .then((ok) => ok && onSaved());
  return (
    <div data-testid={`shortfall-${s.goalId}`}>
      <Stack>
        <Row>
          <Text weight="semibold">{s.title}</Text>
          <Badge appearance="tint" color="danger">
            {t('gap.achieved', { pct: number(Math.max(s.achievement, 0) * 100, 0) })}
          </Badge>
        </Row>
        {/* The achievement is what the curve credits (nothing below the threshold), not actual ÷ target: the
            threshold is named beside it so 0 % next to "180 of 300" reads right. */}
        <Text>
          {t(s.threshold === null ? 'gap.actual' : 'gap.actualThreshold', {
            actual: withUnit(s.actual),
            threshold: s.threshold === null ? '' : withUnit(s.threshold),
            target: withUnit(s.target),
            weight: number(s.weight),
          })}
        </Text>
        {others.map((a) => (
          <Text key={a.id} data-testid="other-view">
            {t('gap.viewOf', { name: nameOf(a.authorId), factors: describe(a) })}
            {a.note ? ` — ${a.note}` : ''}
          </Text>
        ))}
        {!editable ? (
          mine ? (
            <Text data-testid="my-view">{t('gap.yourView', { factors: describe(mine) })}</Text>
          ) : (
            s.attributable && <Help>{t('gap.closed')}</Help>
          )
        ) : (
          <Stack>
            <Row>
              {FACTORS.map((f) => (
                <NumberField
                  key={f}
                  label={t(`dept.factor.${f}`)}
                  hint={t(`dept.response.${f}`)}
                  value={shares[f]}
                  onChange={(text) => setShares((x) => ({ ...x, [f]: text }))}
                  contentAfter="%"
                  ariaLabel={`${t(`dept.factor.${f}`)} (%)`}
                />
              ))}
            </Row>
            <Text data-testid="share-total" weight={valid ? 'regular' : 'semibold'}>
              {total === null ? t('gap.badShare') : t('gap.total', { total: number(total, 1) })}
            </Text>
            <TextField label={t('gap.note')} value={note} onChange={setNote} limit="gapNote" />
            <Row>
              <Button appearance="primary" disabled={act.busy || !valid} onClick={save}>
                {mine ? t('gap.update') : t('gap.save')}
              </Button>
            </Row>
          </Stack>
        )}
        <ActionOutcome act={act} onReload={onSaved} />
      </Stack>
    </div>
  );
}
