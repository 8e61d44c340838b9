// HR and heads: the cycle's manager, peer and upward reviews flagged as a mere formality in their scope (for calibration).
import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { FormalityWarning, ReviewComponent } from '../api/types.ts';
import { Help, Load, Section, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { formalityLabel, formalityText } from './meetingWords.ts';

/** GET /v1/cycles/{id}/reports/review-formality */
export interface ReviewFormalityReport {
  cycleId: string;
  screened: number;
  flagged: number;
  byCode: Record<FormalityWarning['code'], number>;
  reviews: {
    reviewId: string;
    subjectId: string;
    reviewerId: string;
    component: ReviewComponent;
    codes: FormalityWarning['code'][];
    issues: FormalityWarning[];
  }[];
}

export function ReviewFormalitySection({ cycleId }: { cycleId: string }) {
  const { client, nameOf } = useSession();
  const { t, number } = useI18n();
  const words = { t, number };
  const data = useLoad(
    () => client.get<ReviewFormalityReport>(`/v1/cycles/${cycleId}/reports/review-formality`),
    [cycleId],
  );
  return (
    <Section title={t('dept.formality')} help={t('dept.formalityHelp')} id="dept-formality">
      <Load loaded={data}>
        {(r) =>
          r.screened === 0 ? (
            <Help>{t('dept.formalityNoReviews')}</Help>
          ) : (
            <Stack>
              <Text weight="semibold" data-testid="formality-count">
                {t(counted('dept.formalityCount', r.screened), {
                  flagged: number(r.flagged),
                  screened: number(r.screened),
                })}
              </Text>
              {r.reviews.length > 0 && (
                <Table size="small" aria-label={t('dept.formality')}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('dept.reviewer')}</TableHeaderCell>
                      <TableHeaderCell>{t('dept.about')}</TableHeaderCell>
                      <TableHeaderCell>{t('dept.issues')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {r.reviews.map((f) => (
                      <TableRow key={f.reviewId} data-testid={`formality-${f.reviewId}`}>
                        <TableCell>
                          {nameOf(f.reviewerId)} · {t(`score.component.${f.component}`)}
                        </TableCell>
                        <TableCell>{nameOf(f.subjectId)}</TableCell>
                        <TableCell>
                          <Stack>
                            {f.issues.map((w) => (
                              <Text key={w.code}>
                                <Badge appearance="filled" color="warning">
                                  {formalityLabel(words, w)}
                                </Badge>{' '}
                                {formalityText(words, w)}
                              </Text>
                            ))}
                          </Stack>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </Stack>
          )
        }
      </Load>
    </Section>
  );
}
