// Small layout pieces the views share: a titled section, a loading state, a success note, a number meter, a table's scroll.
import {
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  ProgressBar,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { Loaded } from '../session.tsx';
import { Problem } from './Problem.tsx';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase500,
  },
  help: { color: tokens.colorNeutralForeground2 },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  meter: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: '180px' },
  // A wide table scrolls sideways inside its section on a narrow Teams pane instead of squeezing its columns.
  tableScroll: { overflowX: 'auto', maxWidth: '100%' },
});

export function Section({
  title,
  help,
  children,
  id,
}: {
  title: string;
  help?: string;
  children: ReactNode;
  id?: string;
}) {
  const s = useStyles();
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <Card className={s.section} aria-labelledby={headingId} role="region" data-testid={id}>
      <h2 className={s.heading} id={headingId}>
        {title}
      </h2>
      {help && <Text className={s.help}>{help}</Text>}
      {children}
    </Card>
  );
}

export function Stack({ children }: { children: ReactNode }) {
  return <div className={useStyles().stack}>{children}</div>;
}

export function Row({ children }: { children: ReactNode }) {
  return <div className={useStyles().row}>{children}</div>;
}

/** A titled bullet list; nothing at all when `items` is empty. */
export function TitledList<T>({
  title,
  items,
  keyOf,
  children,
  testId,
}: {
  title: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  children: (item: T) => ReactNode;
  testId?: string;
}) {
  if (items.length === 0) return null;
  return (
    <div data-testid={testId}>
      <Text weight="semibold">{title}</Text>
      <ul>
        {items.map((item) => (
          <li key={keyOf(item)}>{children(item)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Holds a wide table: on a narrow Teams pane it scrolls sideways (keyboard too: the region takes focus) rather than
 * squeezing its columns until their words break. The table sets its own `minWidth`.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
    <section className={useStyles().tableScroll} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

export function Help({ children }: { children: ReactNode }) {
  return <Text className={useStyles().help}>{children}</Text>;
}

export function Loading() {
  const { t } = useI18n();
  return <Spinner size="small" label={t('loading')} />;
}

export function Done({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <MessageBar intent="success" role="status">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}

/** Renders a loaded value, its error (with retry) or a spinner. */
export function Load<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <Problem error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.data === undefined) return <Loading />;
  return <>{children(loaded.data)}</>;
}

/**
 * A labelled 0..1 meter (progress against a target or a budget), in the warning colour when `over` (by default: above
 * 1; a caller whose 1 is no limit says when it is over).
 */
export function Meter({
  label,
  value,
  text,
  over = value > 1,
}: {
  label: string;
  value: number;
  text: string;
  over?: boolean;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const clamped = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  return (
    <div className={s.meter} data-over={over}>
      <Text weight="semibold">{label}</Text>
      <ProgressBar
        value={clamped}
        thickness="large"
        aria-label={`${label}${t('labelSep')}${text}`}
        color={over ? 'warning' : 'brand'}
      />
      <Text>{text}</Text>
    </div>
  );
}
