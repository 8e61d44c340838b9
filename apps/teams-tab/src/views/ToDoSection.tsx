// To do (top of Me): what waits for me in the loop, most urgent first, each linking to where it is done, with its due
// date (in the locale) and an "Overdue by N days" badge once late.
import { Badge, Link, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import type { ToDoItem } from '../api/types.ts';
import { Help, Load, Section } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { targetUrl, useNavigation } from '../navigation.tsx';
import { useSession } from '../session.tsx';
import { useToDo } from '../toDo.tsx';
import { toDoWords } from './toDoWords.ts';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  // Not colour alone: the badge says "Overdue by N days" and the bar is thicker.
  overdue: { borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorPaletteRedBorder2}` },
  meta: { color: tokens.colorNeutralForeground3 },
  // The due day and the overdue badge stay whole on one line: on a narrow pane the item wraps between its parts
  // (the row wraps), never inside them — a badge has a fixed height, so its words broken over two lines overflowed it.
  whole: { whiteSpace: 'nowrap' },
});

export function ToDoSection() {
  const { t } = useI18n();
  const toDo = useToDo();
  return (
    <Section title={t('todo.title')} help={t('todo.help')} id="me-todo">
      <Load loaded={toDo}>
        {(list) =>
          !list || list.items.length === 0 ? (
            <Help>{t('todo.none')}</Help>
          ) : (
            <ToDoItems items={list.items} today={list.asOf} />
          )
        }
      </Load>
    </Section>
  );
}

function ToDoItems({ items, today }: { items: readonly ToDoItem[]; today: string }) {
  const { t, date } = useI18n();
  const { me, cycle } = useSession();
  const nav = useNavigation();
  const s = useStyles();
  // The cycle is named when it is not the one shown, or when the list spans several.
  const several = new Set(items.map((i) => i.cycleId)).size > 1;
  return (
    <ul className={s.list} data-testid="todo-items">
      {items.map((item) => {
        const words = toDoWords({ t, date }, item, me.id, today);
        const overdue = (words.due?.overdue ?? null) !== null;
        const { target } = words;
        return (
          <li
            key={`${item.kind}:${item.cycleId}:${item.subjectId ?? ''}:${item.targetId ?? ''}`}
            className={overdue ? `${s.item} ${s.overdue}` : s.item}
            data-testid={`todo-${item.kind}`}
          >
            {nav.allowed.includes(target.view) ? (
              <Link
                href={targetUrl(target, window.location.href)}
                onClick={(e) => {
                  e.preventDefault();
                  nav.open(target);
                }}
              >
                {words.action}
              </Link>
            ) : (
              <Text>{words.action}</Text>
            )}
            {words.due && words.due.text !== words.due.overdue && (
              <Text className={mergeClasses(s.meta, s.whole)} data-testid="todo-due">
                {words.due.text}
              </Text>
            )}
            {words.due?.overdue && (
              <Badge appearance="filled" color="danger" className={s.whole} data-testid="todo-overdue">
                {words.due.overdue}
              </Badge>
            )}
            {(several || item.cycleId !== cycle?.id) && (
              <Text className={s.meta}>{t('todo.inCycle', { cycle: item.cycleName })}</Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}
