// HR on the review dashboard: whether the overdue alerts reached people in Teams on a day, and who they cannot reach.
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { AlertDelivery, AlertsStatus, AlertUnreachablePerson } from '../api/types.ts';
import { DayField } from '../components/DayField.tsx';
import { Help, Load, Row, Section, Stack, TableScroll } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { alertAsked, alertFailure, alertInterrupted } from './alertWords.ts';

const useStyles = makeStyles({
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase400,
  },
  table: { minWidth: '640px' },
  person: { width: '22%' },
  at: { width: '18%' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  small: { color: tokens.colorNeutralForeground2 },
  summary: { cursor: 'pointer', fontWeight: tokens.fontWeightSemibold },
});

/**
 * How many of a day's alerts are read at first, and added by each "more" (a list cut there says so, with its count:
 * never silently). The same for the people the alerts cannot reach.
 */
export const ALERTS_SHOWN = 100;
export const UNREACHABLE_SHOWN = 200;

/** Today as the alerts count days: the UTC day. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

/** The deliveries of a day split by status, each list by its recipient's name. */
function byStatus(items: readonly AlertDelivery[], nameOf: (id: string) => string) {
  const sorted = [...items].sort(
    (a, b) => nameOf(a.recipientId).localeCompare(nameOf(b.recipientId)) || a.id.localeCompare(b.id),
  );
  return {
    failed: sorted.filter((d) => d.status === 'failed'),
    sent: sorted.filter((d) => d.status === 'sent'),
    sending: sorted.filter((d) => d.status === 'sending'),
  };
}

/** The section, for HR; `departmentId` (a channel tab's team) keeps the alerts to or about its people. */
export function TeamsAlertsSection({ departmentId }: { departmentId: string | null }) {
  const { client, people, departments, nameOf } = useSession();
  const { t, number } = useI18n();
  const [day, setDay] = useState(() => utcDay());
  const [shown, setShown] = useState({ day, count: ALERTS_SHOWN });
  const [unreachableShown, setUnreachableShown] = useState(UNREACHABLE_SHOWN);
  // A day picked starts again from its first alerts.
  const count = shown.day === day ? shown.count : ALERTS_SHOWN;
  const department = departments.find((d) => d.id === departmentId) ?? null;
  const inScope = (personId: string | null) =>
    departmentId === null || (personId !== null && people.get(personId)?.departmentId === departmentId);
  // Not configured, or sent in another tenant: said plainly, so an empty day is not read as "nothing was due". An API
  // from before this route (404) says nothing.
  const status = useLoad(
    () =>
      client.get<AlertsStatus>('/v1/alerts/status').catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [],
  );
  const deliveries = useLoad(
    // The day's first `count` alerts, and whether it has more (a page may be short while nextCursor is not null).
    () =>
      day === ''
        ? Promise.resolve(null)
        : client.upTo<AlertDelivery>('/v1/alerts/deliveries', { day }, count),
    [day, count],
  );
  const unreachable = useLoad(
    () => client.upTo<AlertUnreachablePerson>('/v1/alerts/unreachable', {}, unreachableShown),
    [unreachableShown],
  );
  return (
    <Section title={t('alerts.title')} help={t('alerts.help')} id="dash-alerts">
      {department && <Text>{t('alerts.scope', { name: department.name })}</Text>}
      {status.data && status.data.state !== 'on' && (
        <MessageBar intent="warning" layout="multiline" data-testid="alerts-status">
          <MessageBarBody>{t(`alerts.status.${status.data.state}`)}</MessageBarBody>
        </MessageBar>
      )}
      <Row>
        <DayField
          label={t('alerts.day')}
          value={day}
          onChange={(next) => {
            setDay(next);
            setShown({ day: next, count: ALERTS_SHOWN });
          }}
        />
      </Row>
      {day === '' ? (
        <Help>{t('alerts.pickDay')}</Help>
      ) : (
        <Load loaded={deliveries}>
          {(read) => (
            <Stack>
              {read?.more && (
                <Cut
                  testId="alerts-cut"
                  text={t('alerts.cut', { count: number(read.items.length, 0) })}
                  more={t('alerts.more', { count: number(ALERTS_SHOWN, 0) })}
                  busy={deliveries.loading}
                  onMore={() => setShown({ day, count: count + ALERTS_SHOWN })}
                />
              )}
              <DayDeliveries
                items={(read?.items ?? []).filter(
                  (d) => inScope(d.recipientId) || d.subjectIds.some(inScope),
                )}
                status={status.data ?? null}
                cut={read?.more ?? false}
              />
            </Stack>
          )}
        </Load>
      )}
      <Load loaded={unreachable}>
        {(read) => {
          const scoped = read.items.filter((p) => inScope(p.personId));
          return (
            <Stack>
              <Unreachable
                people={scoped}
                nameOf={(p) => (people.has(p.personId) ? nameOf(p.personId) : p.name)}
                count={number(scoped.length, 0)}
                cut={read.more}
              />
              {read.more && (
                <Cut
                  testId="alerts-unreachable-cut"
                  text={t('alerts.unreachableCut', { count: number(read.items.length, 0) })}
                  more={t('alerts.more', { count: number(UNREACHABLE_SHOWN, 0) })}
                  busy={unreachable.loading}
                  onMore={() => setUnreachableShown((n) => n + UNREACHABLE_SHOWN)}
                />
              )}
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}

/** A list cut at what was read: says so plainly, with how many were read, and offers more. */
function Cut({
  testId,
  text,
  more,
  busy,
  onMore,
}: {
  testId: string;
  text: string;
  more: string;
  busy: boolean;
  onMore: () => void;
}) {
  return (
    <MessageBar intent="info" layout="multiline" data-testid={testId}>
      <MessageBarBody>
        <Stack>
          <Text>{text}</Text>
          <Row>
            <Button onClick={onMore} disabled={busy}>
              {more}
            </Button>
          </Row>
        </Stack>
      </MessageBarBody>
    </MessageBar>
  );
}

function DayDeliveries({
  items,
  status,
  cut,
}: {
  items: readonly AlertDelivery[];
  /** Only the day's first alerts were read (said above): none of them here is not "none that day". */
  cut: boolean;
  /** The alerts' state (null: unknown, an older API): an empty day on them means nothing was due for anyone reached. */
  status: AlertsStatus | null;
}) {
  const { nameOf } = useSession();
  const { t, number } = useI18n();
  const s = useStyles();
  const { failed, sent, sending } = useMemo(() => byStatus(items, nameOf), [items, nameOf]);
  if (items.length === 0) {
    if (cut) return null;
    return (
      <Stack>
        {status?.state === 'on' && status.intervalMinutes !== null ? (
          <Text data-testid="alerts-none">
            {t(counted('alerts.noneOn', status.intervalMinutes), {
              minutes: number(status.intervalMinutes, 0),
            })}
          </Text>
        ) : (
          <Text data-testid="alerts-none">{t('alerts.none')}</Text>
        )}
        {status === null && <Help>{t('alerts.setup')}</Help>}
      </Stack>
    );
  }
  const count = (key: 'sent' | 'failed' | 'sending', n: number) => (
    <Text data-testid={`alerts-count-${key}`}>
      {t(`alerts.count.${key}`)}
      {t('labelSep')}
      {number(n, 0)}
    </Text>
  );
  return (
    <Stack>
      <Row>
        {count('sent', sent.length)}
        {count('failed', failed.length)}
        {count('sending', sending.length)}
      </Row>
      {failed.length > 0 && (
        <Stack>
          <h3 className={s.heading} id="dash-alerts-failed">
            {t('alerts.failedTitle')}
          </h3>
          <TableScroll label={t('alerts.failedTitle')}>
            <Table size="small" aria-labelledby="dash-alerts-failed" className={s.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={s.person}>{t('alerts.col.person')}</TableHeaderCell>
                  <TableHeaderCell>{t('alerts.col.asked')}</TableHeaderCell>
                  <TableHeaderCell>{t('alerts.col.why')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {failed.map((d) => (
                  <FailedRow key={d.id} d={d} today={utcDay()} />
                ))}
              </TableBody>
            </Table>
          </TableScroll>
        </Stack>
      )}
      {sent.length > 0 && (
        <details data-testid="alerts-sent">
          <summary className={s.summary}>{t('alerts.sentTitle', { count: number(sent.length, 0) })}</summary>
          <DeliveryTable items={sent} label={t('alerts.sentTitle', { count: number(sent.length, 0) })} />
        </details>
      )}
      {sending.length > 0 && (
        <details data-testid="alerts-sending">
          <summary className={s.summary}>
            {t('alerts.sendingTitle', { count: number(sending.length, 0) })}
          </summary>
          <Help>{t('alerts.sendingHelp')}</Help>
          <DeliveryTable
            items={sending}
            label={t('alerts.sendingTitle', { count: number(sending.length, 0) })}
            claimed
          />
        </details>
      )}
    </Stack>
  );
}

/** What the alert asked of its recipient: a digest's people each on a line, and the cycle. */
function Asked({ d }: { d: AlertDelivery }) {
  const { nameOf, cycles } = useSession();
  const { t } = useI18n();
  const s = useStyles();
  const lines = alertAsked(t, d, nameOf);
  const cycle = cycles.find((c) => c.id === d.cycleId)?.name;
  return (
    <Stack>
      {d.digest && (
        <Text>
          <Badge appearance="outline" color="informative">
            {t('alerts.digest')}
          </Badge>
        </Text>
      )}
      {lines.length === 1 ? (
        <Text>{lines[0]?.text}</Text>
      ) : (
        <ul className={s.list}>
          {lines.map((l) => (
            <li key={l.subjectId ?? '-'}>{l.text}</li>
          ))}
        </ul>
      )}
      {cycle && (
        <Text size={200} className={s.small}>
          {t('todo.inCycle', { cycle })}
        </Text>
      )}
    </Stack>
  );
}

function FailedRow({ d, today }: { d: AlertDelivery; today: string }) {
  const { nameOf } = useSession();
  const { t } = useI18n();
  const s = useStyles();
  const why = alertFailure(t, d, today);
  return (
    <TableRow data-testid={`alert-${d.id}`}>
      <TableCell>{nameOf(d.recipientId)}</TableCell>
      <TableCell>
        <Asked d={d} />
      </TableCell>
      <TableCell>
        <Stack>
          <Text>{why.reason}</Text>
          {why.graph && (
            <Text size={200} className={s.small}>
              {why.graph}
            </Text>
          )}
        </Stack>
      </TableCell>
    </TableRow>
  );
}

/** Sent (or in flight) alerts: who, what about, and when (UTC, as the day). */
function DeliveryTable({
  items,
  label,
  claimed = false,
}: {
  items: readonly AlertDelivery[];
  label: string;
  claimed?: boolean;
}) {
  const { nameOf } = useSession();
  const { t, locale } = useI18n();
  const s = useStyles();
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  return (
    <TableScroll label={label}>
      <Table size="small" aria-label={label} className={s.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={s.person}>{t('alerts.col.person')}</TableHeaderCell>
            <TableHeaderCell>{t('alerts.col.asked')}</TableHeaderCell>
            <TableHeaderCell className={s.at}>
              {t(claimed ? 'alerts.col.claimedAt' : 'alerts.col.at')}
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((d) => (
            <TableRow key={d.id} data-testid={`alert-${d.id}`}>
              <TableCell>{nameOf(d.recipientId)}</TableCell>
              <TableCell>
                <Asked d={d} />
              </TableCell>
              <TableCell>
                <Stack>
                  <Text>{time.format(new Date(claimed ? d.claimedAt : d.updatedAt))}</Text>
                  {claimed && <Interrupted d={d} />}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

/** A claim in flight past its expiry: its sender stopped, said in words (nothing while it is truly in flight). */
function Interrupted({ d }: { d: AlertDelivery }) {
  const { t } = useI18n();
  const s = useStyles();
  const text = alertInterrupted(t, d, new Date());
  if (text === null) return null;
  return (
    <Text size={200} className={s.small} data-testid="alert-interrupted">
      {text}
    </Text>
  );
}

/** The people the alerts never reach (no linked Entra login): how many, and their names on demand. */
function Unreachable({
  people,
  nameOf,
  count,
  cut,
}: {
  people: readonly AlertUnreachablePerson[];
  nameOf: (p: AlertUnreachablePerson) => string;
  count: string;
  /** Only the first people were read (said below): their count is a least, and none of them is not "everyone". */
  cut: boolean;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const named = people
    .map((p) => ({ id: p.personId, name: nameOf(p) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Stack>
      <h3 className={s.heading}>{t('alerts.unreachable')}</h3>
      {people.length === 0 ? (
        !cut && <Text data-testid="alerts-unreachable-count">{t('alerts.unreachableNone')}</Text>
      ) : (
        <>
          <Text data-testid="alerts-unreachable-count">
            {cut
              ? t('alerts.unreachableAtLeast', { count })
              : t(counted('alerts.unreachableCount', people.length), { count })}
          </Text>
          <Help>{t('alerts.unreachableHelp')}</Help>
          <details data-testid="alerts-unreachable">
            <summary className={s.summary}>{t('alerts.unreachableNames')}</summary>
            <ul className={s.list}>
              {named.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </Stack>
  );
}
