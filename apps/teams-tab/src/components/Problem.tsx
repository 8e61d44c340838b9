// An API error in plain words: its code said in the tab's language (the API's title and detail for a code the tab does
// not know), its field errors by their codes (the API's message for one the tab does not say), each under its field's
// name in the user's words (the form's label or the catalogue's, never the API's path); "Try again" only for a
// failed load, and for a stale edit a reload (never an overwrite).
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { ApiError } from '../api/client.ts';
import { fieldLabel } from '../i18n/fieldNames.ts';
import { useI18n } from '../i18n/index.tsx';
import { fieldErrorText, problemText } from '../i18n/problems.ts';
import { useOptionalSession } from '../session.tsx';

/**
 * `onRetry` is for a failed load: "Try again" loads it again. `onReload` is for a write: offered only when the edit was
 * stale (412), to load the latest version (`stale` names what that means here and its button, in place of the generic
 * words). A refused write (bad input, a rule, a wrong phase) offers neither: what the user typed stays in the form
 * beside the error, to be corrected and sent again.
 */
export function Problem({
  error,
  onRetry,
  onReload,
  stale,
  labels,
}: {
  error: ApiError | null;
  onRetry?: () => void;
  onReload?: () => void;
  /** What a stale edit means here and its reload button, in place of the generic words. */
  stale?: { text: string; action: string };
  /** The form's field labels by field path (`salaryCents` → "Annual salary"); other paths are named by the catalogue
   * (fieldLabel), never shown as the API writes them. */
  labels?: Readonly<Record<string, string>>;
}) {
  const { t, number, date } = useI18n();
  const session = useOptionalSession();
  if (!error) return null;
  const p = error.problem;
  if (error.stale) {
    const reload = onReload ?? onRetry;
    return (
      <MessageBar intent="warning" role="alert" data-testid="stale">
        <MessageBarBody>
          <MessageBarTitle>{stale?.text ?? t('error.stale')}</MessageBarTitle>
        </MessageBarBody>
        {reload && (
          <MessageBarActions>
            <Button onClick={reload}>{stale?.action ?? t('error.staleAction')}</Button>
          </MessageBarActions>
        )}
      </MessageBar>
    );
  }
  // A known code is said in the tab's language instead of the API's English; a failed sign-in keeps its cause (the
  // host's or the identity provider's words), which is what someone helping will ask for.
  const known = problemText(p, t, session ? (id) => session.nameOf(id) : undefined);
  const lead = known
    ? null
    : error.status === 0
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
        <MessageBarTitle>{known ?? (p.title || t('error.title'))}</MessageBarTitle>
        {lead && <div>{lead}</div>}
        {(!known || p.code === 'signin_failed') && p.detail && <div>{p.detail}</div>}
        {p.errors && p.errors.length > 0 && (
          <div>
            {t('error.fields')}
            <ul>
              {p.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path ? (
                    <strong>
                      {fieldLabel(e.path, t, labels)}
                      {t('labelSep')}
                    </strong>
                  ) : null}
                  {fieldErrorText(e, t, number, date) ?? e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </MessageBarBody>
      {onRetry && error.status !== 401 && (
        <MessageBarActions>
          <Button onClick={onRetry}>{t('retry')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
