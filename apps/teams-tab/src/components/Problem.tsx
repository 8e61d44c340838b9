// An API error in plain words: the problem's title and detail, its field errors, and for a stale edit a reload (never an overwrite).
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

/** A readable field path: `ratings.0.evidence` → `ratings 1 evidence`. */
function fieldName(path: string): string {
  return path
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p))
    .join(' ');
}

export function Problem({ error, onReload }: { error: ApiError | null; onReload?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const p = error.problem;
  if (error.stale) {
    return (
      <MessageBar intent="warning" role="alert" data-testid="stale">
        <MessageBarBody>
          <MessageBarTitle>{t('error.stale')}</MessageBarTitle>
          {p.detail}
        </MessageBarBody>
        {onReload && (
          <MessageBarActions>
            <Button onClick={onReload}>{t('error.staleAction')}</Button>
          </MessageBarActions>
        )}
      </MessageBar>
    );
  }
  const lead =
    error.status === 0
      ? t('error.network')
      : error.status === 401
        ? t('error.signIn')
        : error.status === 403
          ? t('error.forbidden')
          : error.status === 404
            ? t('error.notFound')
            : null;
  return (
    <MessageBar intent="error" role="alert" data-testid="problem" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{p.title || t('error.title')}</MessageBarTitle>
        {lead && <div>{lead}</div>}
        {p.detail && <div>{p.detail}</div>}
        {p.errors && p.errors.length > 0 && (
          <div>
            {t('error.fields')}
            <ul>
              {p.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path ? <strong>{fieldName(e.path)}: </strong> : null}
                  {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </MessageBarBody>
      {onReload && !error.stale && error.status !== 401 && (
        <MessageBarActions>
          <Button onClick={onReload}>{t('retry')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
