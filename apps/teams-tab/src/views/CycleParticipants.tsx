// HR's Participants section of the Review dashboard: who takes part in a running cycle — add people, withdraw one with a kind and reason, reinstate —
// and each person's withdrawals and reinstatements; on a department's dashboard, that department's people only.
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Text,
} from '@fluentui/react-components';
import { ADD_PARTICIPANT_PHASES, charCount, OVERRIDE_REASON_MIN_CHARS } from '@perfloop/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import {
  type Cycle,
  type CycleParticipant,
  type Department,
  type Person,
  WITHDRAWAL_KINDS,
  type WithdrawalKind,
} from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { counted, type MessageKey, type Translate, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { clearWithdrawalFocus, PARTICIPANTS_SECTION, useWithdrawalFocus } from './participantFocus.ts';

/** How many matches the person picker shows at once: type more of a name to narrow it. */
const SHOWN = 50;

/** The person-level refusals of `POST /participants` said in plain words (`personIds.<i>` field errors). */
const PERSON_ERRORS: Record<string, MessageKey> = {
  unknown_person: 'cp.err.unknown_person',
  person_inactive: 'cp.err.person_inactive',
  already_participant: 'cp.err.already_participant',
  duplicate_person: 'cp.err.duplicate_person',
  own_participation: 'cp.err.own_participation',
};

/**
 * The field errors of a refused add or reinstate, by the person they are about (`personIds.<i>` → `sent[i]`), in plain
 * words; empty when the refusal is not about people (a wrong phase, a stale edit…).
 */
export function personErrors(
  error: ApiError | null,
  sent: readonly string[],
  t: Translate,
): Map<string, string> {
  const byPerson = new Map<string, string>();
  for (const e of error?.problem.errors ?? []) {
    const m = /^personIds\.(\d+)$/.exec(e.path);
    const id = m ? sent[Number(m[1])] : undefined;
    if (!id) continue;
    const key = e.code ? PERSON_ERRORS[e.code] : undefined;
    byPerson.set(id, key ? t(key) : e.message);
  }
  return byPerson;
}

type Form = { step: 'closed' } | { step: 'add' } | { step: 'withdraw'; personId: string };

/** A department with all its sub-departments (as the API expands a department). */
export function departmentAndBelow(all: readonly Department[], departmentId: string): Set<string> {
  const out = new Set<string>();
  const queue = [departmentId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const d of all) if (d.parentId === id) queue.push(d.id);
  }
  return out;
}

/**
 * `department`: the department whose dashboard this is — only its people (with its sub-departments) are counted,
 * listed and offered; null on the organisation's dashboard. Either way only people the caller may see.
 */
export function CycleParticipants({ cycle, department }: { cycle: Cycle; department: Department | null }) {
  const { client, people, me, nameOf, refreshCycles, departments } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  const focus = useWithdrawalFocus();
  const [form, setForm] = useState<Form>({ step: 'closed' });
  const [sent, setSent] = useState<readonly string[]>([]);
  const closed = cycle.phase === 'closed';
  const canAdd = ADD_PARTICIPANT_PHASES.includes(cycle.phase);
  const scope = useMemo(
    () => (department ? departmentAndBelow(departments, department.id) : null),
    [department, departments],
  );
  /** Whether this section is about the person: one the caller may see, in the dashboard's department when it has one. */
  const inScope = (personId: string) => {
    const person = people.get(personId);
    return person !== undefined && (scope === null || scope.has(person.departmentId));
  };
  const participants = new Set(cycle.participants.filter(inScope));
  const withdrawn = (cycle.withdrawn ?? []).filter((w) => inScope(w.personId));
  const inactive = new Set((cycle.inactiveParticipants ?? []).filter(inScope));
  // Every withdrawal and reinstatement (the API keeps them after a reinstatement too), for the people in scope.
  const history = useLoad(
    () =>
      client.all<CycleParticipant>(
        `/v1/cycles/${cycle.id}/participants`,
        department ? { departmentId: department.id } : {},
      ),
    [cycle.id, cycle.version, department?.id],
    { deferred: true },
  );
  // The people a guard's hint handed over (still participants), and the inactive ones: both are HR's to decide.
  const focused = (focus?.ids ?? []).filter((id) => participants.has(id));
  const toDecide = [...new Set([...focused, ...inactive])];
  const headingRef = useRef<HTMLDivElement>(null);

  // A hint about one person opens their withdrawal at once; about several, lists them first to choose from.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new hand-over (its seq) preselects
  useEffect(() => {
    if (!focus || closed) return;
    const ids = focus.ids.filter((id) => participants.has(id));
    act.clear();
    if (ids.length === 1 && ids[0]) setForm({ step: 'withdraw', personId: ids[0] });
    headingRef.current?.focus();
  }, [focus?.seq]);
  useEffect(() => () => clearWithdrawalFocus(), []);

  const done = async (ok: boolean) => {
    if (!ok) return;
    setForm({ step: 'closed' });
    clearWithdrawalFocus();
    await refreshCycles();
  };
  const add = (ids: readonly string[], doneKey: MessageKey) => {
    setSent(ids);
    void act
      .run(
        () =>
          client.post<Cycle>(
            `/v1/cycles/${cycle.id}/participants`,
            { personIds: ids },
            { version: cycle.version },
          ),
        t(counted(doneKey, ids.length), { count: ids.length, name: nameOf(ids[0]) }),
      )
      .then(done);
  };
  const withdraw = (personId: string, kind: WithdrawalKind, reason: string) => {
    setSent([]);
    void act
      .run(
        () =>
          client.post<Cycle>(
            `/v1/cycles/${cycle.id}/withdrawals`,
            { personId, kind, reason },
            { version: cycle.version },
          ),
        t('cp.didWithdraw', { name: nameOf(personId) }),
      )
      .then(done);
  };
  const errorsByPerson = personErrors(act.error, sent, t);
  const openWithdraw = (personId: string) => {
    act.clear();
    setForm({ step: 'withdraw', personId });
  };

  return (
    <Section title={t('cp.title')} id={PARTICIPANTS_SECTION}>
      <div ref={headingRef} tabIndex={-1}>
        {department && <Text as="p">{t('cp.scope', { department: department.name })}</Text>}
        <Text data-testid="cp-count">
          {t(counted('cp.count', participants.size), { count: participants.size })}
          {withdrawn.length > 0 &&
            ` ${t(counted('cp.withdrawnCount', withdrawn.length), { count: withdrawn.length })}`}
        </Text>
      </div>

      {toDecide.length > 0 && (
        <Stack>
          <Text weight="semibold">{t('cp.toDecide')}</Text>
          <ul data-testid="cp-to-decide">
            {toDecide.map((id) => (
              <li key={id}>
                <Row>
                  <Text>{nameOf(id)}</Text>
                  {inactive.has(id) && <Badge appearance="outline">{t('cp.inactive')}</Badge>}
                  {focus?.code === 'all_goals_cancelled' && focused.includes(id) && (
                    <Badge appearance="outline">{t('cp.why.all_goals_cancelled')}</Badge>
                  )}
                  {!closed && (
                    <Button
                      size="small"
                      aria-label={t('cp.withdrawName', { name: nameOf(id) })}
                      disabled={act.busy || id === me.id}
                      onClick={() => openWithdraw(id)}
                    >
                      {t('cp.withdraw')}
                    </Button>
                  )}
                </Row>
              </li>
            ))}
          </ul>
          {!closed && <Help>{t('cp.toDecideHelp')}</Help>}
        </Stack>
      )}

      {withdrawn.length > 0 && (
        <Stack>
          <Text weight="semibold">{t('cp.withdrawnTitle')}</Text>
          <ul data-testid="cp-withdrawn">
            {withdrawn.map((w) => (
              <li key={w.personId}>
                <Row>
                  <Text>
                    {t('cp.withdrawnLine', {
                      name: nameOf(w.personId),
                      kind: w.kind ? t(`cp.kind.${w.kind}`) : '—',
                      date: date(w.at),
                      by: nameOf(w.by),
                    })}
                    {w.reason && ` ${t('cp.withdrawnReason', { reason: w.reason })}`}
                  </Text>
                  {!closed && (
                    <Button
                      size="small"
                      aria-label={t('cp.reinstateName', { name: nameOf(w.personId) })}
                      disabled={act.busy || w.personId === me.id}
                      onClick={() => add([w.personId], 'cp.didReinstate')}
                    >
                      {t('cp.reinstate')}
                    </Button>
                  )}
                </Row>
                {errorsByPerson.has(w.personId) && (
                  <PersonError text={errorsByPerson.get(w.personId) ?? ''} />
                )}
              </li>
            ))}
          </ul>
          {!closed && <Help>{t('cp.reinstateHelp')}</Help>}
        </Stack>
      )}

      <Load loaded={history}>
        {(items) => <ParticipationHistory items={items.filter((i) => i.history.length > 0)} />}
      </Load>

      {closed ? (
        <Help>{t('cp.closed')}</Help>
      ) : (
        <>
          {!canAdd && <Help>{t('cp.noAdd', { phase: t(`phase.${cycle.phase}`) })}</Help>}
          {form.step === 'closed' && (
            <Row>
              {canAdd && (
                <Button
                  disabled={act.busy}
                  onClick={() => {
                    act.clear();
                    setForm({ step: 'add' });
                  }}
                >
                  {t('cp.add')}
                </Button>
              )}
              {[...participants].some((id) => id !== me.id) && (
                <Button disabled={act.busy} onClick={() => openWithdraw('')}>
                  {t('cp.withdrawSomeone')}
                </Button>
              )}
            </Row>
          )}
          {form.step === 'add' && canAdd && (
            <AddPeople
              cycle={cycle}
              people={people}
              inScope={inScope}
              busy={act.busy}
              errors={errorsByPerson}
              onAdd={(ids) => add(ids, 'cp.didAdd')}
              onCancel={() => setForm({ step: 'closed' })}
            />
          )}
          {form.step === 'withdraw' && (
            <WithdrawForm
              cycle={cycle}
              choosable={[...participants]}
              personId={form.personId}
              busy={act.busy}
              onPerson={(personId) => openWithdraw(personId)}
              onWithdraw={withdraw}
              onCancel={() => setForm({ step: 'closed' })}
            />
          )}
        </>
      )}
      {errorsByPerson.size > 0 && act.error ? (
        <MessageBar intent="error" role="alert" data-testid="problem" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('cp.err.title')}</MessageBarTitle>
            <ul>
              {[...errorsByPerson].map(([id, text]) => (
                <li key={id}>
                  <strong>
                    {nameOf(id)}
                    {t('labelSep')}
                  </strong>
                  {text}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ActionOutcome
          act={act}
          onReload={() => void refreshCycles()}
          stale={{ text: t('cp.stale'), action: t('cp.staleAction') }}
          labels={{ reason: t('cp.reason', { min: OVERRIDE_REASON_MIN_CHARS }), kind: t('cp.kind') }}
        />
      )}
    </Section>
  );
}

function PersonError({ text }: { text: string }) {
  return (
    <Text role="note" data-testid="cp-person-error">
      {text}
    </Text>
  );
}

/** A searchable picker of the active people who do not take part (nor were withdrawn: they are reinstated above). */
function AddPeople({
  cycle,
  people,
  inScope,
  busy,
  errors,
  onAdd,
  onCancel,
}: {
  cycle: Cycle;
  people: ReadonlyMap<string, Person>;
  /** Whether a person is one this section is about (the dashboard's department). */
  inScope: (personId: string) => boolean;
  busy: boolean;
  errors: ReadonlyMap<string, string>;
  onAdd: (ids: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { me, departments } = useSession();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const taking = new Set([...cycle.participants, ...(cycle.withdrawn ?? []).map((w) => w.personId)]);
  const candidates = [...people.values()]
    .filter((p) => p.active && !taking.has(p.id) && p.id !== me.id && inScope(p.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const q = query.trim().toLowerCase();
  const matches = candidates.filter(
    (p) => q === '' || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q),
  );
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <fieldset data-testid="cp-add" aria-label={t('cp.add')}>
      <Stack>
        <Help>{t('cp.addHelp')}</Help>
        <Field label={t('cp.find')}>
          <Input value={query} onChange={(_, d) => setQuery(d.value)} />
        </Field>
        {matches.slice(0, SHOWN).map((p) => (
          <div key={p.id}>
            <Checkbox
              label={t('participants.person', {
                name: p.name,
                department: departmentName.get(p.departmentId) ?? '',
              })}
              checked={chosen.has(p.id)}
              onChange={(_, c) => toggle(p.id, c.checked === true)}
            />
            {errors.has(p.id) && <PersonError text={errors.get(p.id) ?? ''} />}
          </div>
        ))}
        {matches.length > SHOWN && <Help>{t('participants.more', { count: matches.length - SHOWN })}</Help>}
        {matches.length === 0 && (
          <Help>{t(candidates.length === 0 ? 'cp.nobodyToAdd' : 'participants.noMatch')}</Help>
        )}
        {people.get(me.id)?.active !== false && !taking.has(me.id) && <Help>{t('cp.notYourself')}</Help>}
        <Row>
          <Button
            appearance="primary"
            disabled={busy || chosen.size === 0}
            onClick={() => onAdd([...chosen])}
          >
            {t(counted('cp.addChosen', chosen.size), { count: chosen.size })}
          </Button>
          <Button disabled={busy} onClick={onCancel}>
            {t('cancel')}
          </Button>
        </Row>
      </Stack>
    </fieldset>
  );
}

/** Withdraw one participant: kind and reason (at least the override minimum), then a confirmation of what it does. */
function WithdrawForm({
  cycle,
  choosable,
  personId,
  busy,
  onPerson,
  onWithdraw,
  onCancel,
}: {
  cycle: Cycle;
  /** The participants this section is about (the dashboard's department). */
  choosable: readonly string[];
  personId: string;
  busy: boolean;
  onPerson: (personId: string) => void;
  onWithdraw: (personId: string, kind: WithdrawalKind, reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { me, nameOf } = useSession();
  const [kind, setKind] = useState<WithdrawalKind | ''>('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  // Another person chosen (here or from a list above): confirm again, for them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of person resets the confirmation
  useEffect(() => setConfirming(false), [personId]);
  const length = charCount(reason.trim());
  const short = length < OVERRIDE_REASON_MIN_CHARS;
  const name = personId ? nameOf(personId) : t('cp.someone');
  const choices = choosable
    .filter((id) => id !== me.id)
    .map((id) => ({ id, name: nameOf(id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <fieldset data-testid="cp-withdraw" aria-label={t('cp.withdrawTitle', { name })}>
      <Stack>
        <Field label={t('cp.person')}>
          <Select value={personId} disabled={confirming} onChange={(_, d) => onPerson(d.value)}>
            <option value="">{t('cp.choosePerson')}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('cp.kind')} required>
          <RadioGroup
            value={kind}
            disabled={confirming}
            onChange={(_, d) => setKind(d.value as WithdrawalKind)}
          >
            {WITHDRAWAL_KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`cp.kind.${k}`)} />
            ))}
          </RadioGroup>
        </Field>
        <TextField
          label={t('cp.reason', { min: OVERRIDE_REASON_MIN_CHARS })}
          required
          hint={t('cp.reasonCount', { n: length, min: OVERRIDE_REASON_MIN_CHARS })}
          value={reason}
          disabled={confirming}
          onChange={setReason}
          limit="reason"
        />
        {confirming ? (
          <MessageBar intent="warning" layout="multiline" data-testid="cp-confirm">
            <MessageBarBody>
              <MessageBarTitle>{t('cp.confirmTitle', { name, cycle: cycle.name })}</MessageBarTitle>
              <div>{t('cp.confirmText')}</div>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <Row>
          {confirming ? (
            <>
              <Button
                appearance="primary"
                disabled={busy || kind === '' || short}
                onClick={() => kind !== '' && onWithdraw(personId, kind, reason.trim())}
              >
                {t('cp.confirm', { name })}
              </Button>
              <Button disabled={busy} onClick={() => setConfirming(false)}>
                {t('cp.back')}
              </Button>
            </>
          ) : (
            <>
              <Button
                appearance="primary"
                disabled={busy || personId === '' || kind === '' || short}
                onClick={() => setConfirming(true)}
              >
                {t('cp.withdrawStart', { name })}
              </Button>
              <Button disabled={busy} onClick={onCancel}>
                {t('cancel')}
              </Button>
            </>
          )}
        </Row>
      </Stack>
    </fieldset>
  );
}

/** Each person's withdrawals and reinstatements, oldest first, with who, when, the kind and HR's reason. */
function ParticipationHistory({ items }: { items: readonly CycleParticipant[] }) {
  const { t, date } = useI18n();
  const { nameOf } = useSession();
  if (items.length === 0) return null;
  const sorted = [...items].sort((a, b) => nameOf(a.personId).localeCompare(nameOf(b.personId)));
  return (
    <Stack>
      <Text weight="semibold">{t('cp.historyTitle')}</Text>
      <ul data-testid="cp-history">
        {sorted.map((p) => (
          <li key={p.personId} data-testid={`cp-history-${p.personId}`}>
            <Row>
              <Text weight="semibold">{nameOf(p.personId)}</Text>
              <Badge appearance="outline">{t(`cp.history.now.${p.status}`)}</Badge>
            </Row>
            <ul>
              {p.history.map((e) => {
                const facts = { date: date(e.at), by: nameOf(e.by) };
                const kind = e.kind ? t(`cp.kind.${e.kind}`) : '—';
                return (
                  <li key={`${e.action}:${e.at}`}>
                    {e.action === 'withdrawn'
                      ? e.reason
                        ? t('cp.history.withdrawnWhy', { ...facts, kind, reason: e.reason })
                        : t('cp.history.withdrawn', { ...facts, kind })
                      : e.reason
                        ? t('cp.history.reinstatedWhy', { ...facts, reason: e.reason })
                        : t('cp.history.reinstated', facts)}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
