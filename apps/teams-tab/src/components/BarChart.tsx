// An accessible horizontal bar chart in SVG: each bar with its value in text, an optional guideline marker per row.
import { makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/index.tsx';

export interface Bar {
  key: string;
  label: string;
  /** 0..max */
  value: number;
  /** Text shown after the bar. */
  text: string;
  /** A marker (e.g. the policy guideline), on the same scale as value. */
  marker?: number;
  flagged?: boolean;
}

const useStyles = makeStyles({
  chart: { width: '100%', maxWidth: '820px' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '12px' },
  bar: { fill: tokens.colorBrandBackground },
  flagged: { fill: tokens.colorPaletteRedBackground3 },
  track: { fill: tokens.colorNeutralBackground3 },
  marker: { stroke: tokens.colorNeutralForeground1, strokeWidth: 2, strokeDasharray: '3 2' },
});

export function BarChart({ title, bars, max }: { title: string; bars: readonly Bar[]; max: number }) {
  const s = useStyles();
  const { t } = useI18n();
  const rowHeight = 28;
  const labelWidth = 170;
  const barWidth = 300;
  const width = labelWidth + barWidth + 350;
  const scale = (v: number) => (max > 0 ? Math.max(0, Math.min(1, v / max)) * barWidth : 0);
  const summary = `${title}${t('labelSep')}${bars.map((b) => `${b.label} ${b.text}`).join(t('res.listSep'))}`;
  return (
    <svg
      className={s.chart}
      viewBox={`0 0 ${width} ${bars.length * rowHeight + 8}`}
      role="img"
      aria-label={summary}
    >
      <title>{summary}</title>
      {bars.map((b, i) => {
        const y = i * rowHeight + 4;
        return (
          <g key={b.key} data-testid={`bar-${b.key}`}>
            <text x={0} y={y + 16} className={s.label}>
              {b.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={16} rx={3} className={s.track} />
            <rect
              x={labelWidth}
              y={y + 4}
              width={scale(b.value)}
              height={16}
              rx={3}
              className={b.flagged ? s.flagged : s.bar}
            />
            {b.marker !== undefined && (
              <line
                x1={labelWidth + scale(b.marker)}
                x2={labelWidth + scale(b.marker)}
                y1={y}
                y2={y + 24}
                className={s.marker}
              />
            )}
            <text x={labelWidth + barWidth + 8} y={y + 16} className={s.label}>
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
