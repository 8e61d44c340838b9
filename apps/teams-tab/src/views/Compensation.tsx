// Compensation (HR): each participant's annual salary, salary band midpoint and target bonus for the cycle — what bonus
// and merit are computed from — entered and edited here until results are applied (PUT, If-Match as read: a change
// made meanwhile offers a reload, never an overwrite; the API's validation errors beside the form, by field label).
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { CompensationInput, Cycle, Organisation } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Done, Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { numberText, parseNumber } from '../i18n/numbers.ts';
import { useLoad, useSession } from '../session.tsx';

/** Inputs may change until results are applied (the API refuses later phases with `wrong_phase`). */
const WRITABLE: readonly Cycle['phase'][] = ['plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply'];

const FIELDS = ['salaryCents', 'bandMidpointCents', 'targetBonusCents'] as const;
type FieldName = (typeof FIELDS)[number];
const LABEL = {
  salaryCents: 'comp.salary',
  bandMidpointCents: 'comp.bandMidpoint',
  targetBonusCents: 'comp.targetBonus',
} as const;

/** An amount as typed in the currency's units, in the tab's locale ("65,000.5") → cents; null when not a number. */
function toCents(typed: string, locale: string): number | null {
  const n = parseNumber(typed, locale);
  return n !== null && Number.isFinite(n) ? Math.round(n * 100) : null;
}

export function Compensation({ cycle, onChange }: { cycle: Cycle; onChange: () => void }) {
  const { client, nameOf, me } = useSession();
  const { t, money } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  // Saved, the form starts again from the stored version: the note is the section's.
  const [saved, setSaved] = useState<string | null>(null);
  const data = useLoad(async () => {
    const [items, organisation] = await Promise.all([
      client.all<CompensationInput>(`/v1/cycles/${cycle.id}/compensation`),
      client.get<Organisation>('/v1/organisation'),
    ]);
    return { byPerson: new Map(items.map((c) => [c.personId, c])), currency: organisation.settings.currency };
  }, [cycle.id]);
  const writable = WRITABLE.includes(cycle.phase);
  const people = [...cycle.participants].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return (
    <Section title={t('comp.title')} help={t('comp.help')} id="results-compensation">
      <Load loaded={data}>
        {({ byPerson, currency }) => {
          const missing = people.filter((p) => !byPerson.has(p)).length;
          const amount = (c: CompensationInput | undefined, f: FieldName) =>
            c ? money(c[f], c.currency) : '—';
          return (
            <Stack>
              {!writable && <Help>{t('comp.readOnly')}</Help>}
              {missing > 0 && (
                <Text data-testid="comp-missing">
                  {t('comp.missing', { count: missing, total: people.length })}
                </Text>
              )}
              <Table size="small" aria-label={t('comp.title')}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('person')}</TableHeaderCell>
                    {FIELDS.map((f) => (
                      <TableHeaderCell key={f}>{t(LABEL[f])}</TableHeaderCell>
                    ))}
                    {writable && <TableHeaderCell>{t('comp.edit')}</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {people.map((p) => {
                    const c = byPerson.get(p);
                    return (
                      <TableRow key={p}>
                        <TableCell>{nameOf(p)}</TableCell>
                        {FIELDS.map((f) => (
                          <TableCell key={f}>{amount(c, f)}</TableCell>
                        ))}
                        {writable && p === me.id && (
                          <TableCell>
                            {/* Nobody sets their own pay (403 own_compensation): another HR administrator does. */}
                            <Text size={200} data-testid="comp-own">
                              {t('comp.own')}
                            </Text>
                          </TableCell>
                        )}
                        {writable && p !== me.id && (
                          <TableCell>
                            <Button
                              size="small"
                              appearance={editing === p ? 'primary' : 'secondary'}
                              onClick={() => {
                                setEditing(p);
                                setSaved(null);
                              }}
                              aria-label={`${t('comp.edit')}${t('labelSep')}${nameOf(p)}`}
                            >
                              {t('comp.edit')}
                            </Button>
                          </TableCell>
                        )}
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
              {writable && editing && (
                <CompensationForm
                  // A reload that brings a newer version starts the form from it.
                  key={`${editing}:${byPerson.get(editing)?.version ?? 0}`}
                  cycle={cycle}
                  personId={editing}
                  current={byPerson.get(editing) ?? null}
                  currency={currency}
                  onSaved={(text) => {
                    setSaved(text);
                    data.reload();
                    onChange();
                  }}
                  onReload={data.reload}
                />
              )}
              <Done text={saved} />
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}

function CompensationForm({
  cycle,
  personId,
  current,
  currency,
  onSaved,
  onReload,
}: {
  cycle: Cycle;
  personId: string;
  current: CompensationInput | null;
  currency: string | null;
  onSaved: (text: string) => void;
  onReload: () => void;
}) {
  const { client, nameOf } = useSession();
  const { t, currencySymbol, locale } = useI18n();
  const act = useAction();
  const name = nameOf(personId);
  const symbol = currencySymbol(currency) || undefined;
  const [typed, setTyped] = useState<Record<FieldName, string>>(() => ({
    salaryCents: current ? numberText(current.salaryCents / 100, locale) : '',
    bandMidpointCents: current ? numberText(current.bandMidpointCents / 100, locale) : '',
    targetBonusCents: current ? numberText(current.targetBonusCents / 100, locale) : '',
  }));
  const save = () =>
    act
      .run(async () => {
        const body = Object.fromEntries(FIELDS.map((f) => [f, toCents(typed[f], locale)]));
        try {
          // Replacing sends the version read (412 when changed since); creating sends none.
          return await client.put(`/v1/cycles/${cycle.id}/compensation/${personId}`, body, current?.version);
        } catch (error) {
          // Created by someone else since it was read as missing: the API asks for the version this edit replaces.
          if (!current && error instanceof ApiError && error.problem.code === 'precondition_required') {
            throw new ApiError({ ...error.problem, status: 412, code: 'stale_version' });
          }
          throw error;
        }
      })
      .then((ok) => ok && onSaved(t('comp.saved', { name })));
  return (
    <Stack>
      <Text weight="semibold">{t('comp.editFor', { name })}</Text>
      {!current && <Help>{t('comp.new')}</Help>}
      <Row>
        {FIELDS.map((f) => (
          <NumberField
            key={f}
            label={t(LABEL[f])}
            required
            contentBefore={symbol}
            value={typed[f]}
            onChange={(text) => setTyped((v) => ({ ...v, [f]: text }))}
          />
        ))}
      </Row>
      <Row>
        <Button
          appearance="primary"
          disabled={act.busy || FIELDS.some((f) => toCents(typed[f], locale) === null)}
          onClick={save}
        >
          {t('comp.save')}
        </Button>
      </Row>
      <ActionOutcome
        act={act}
        onReload={onReload}
        stale={{ text: t('comp.stale', { name }), action: t('comp.staleAction') }}
        labels={Object.fromEntries(FIELDS.map((f) => [f, t(LABEL[f])]))}
      />
    </Stack>
  );
}
