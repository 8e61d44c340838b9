// Demo sign-in (plain browser, demo mode only): pick a demo person or type an e-mail; the API then sees `Bearer dev:<email>`.
import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiError } from '../api/client.ts';
import type { TabConfig } from '../boot.ts';
import { Problem } from '../components/Problem.tsx';
import { type MessageKey, useI18n } from '../i18n/index.tsx';

const useStyles = makeStyles({
  page: {
    maxWidth: '720px',
    margin: '0 auto',
    padding: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  people: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  person: {
    justifyContent: 'flex-start',
    textAlign: 'left',
    height: 'auto',
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

export function DemoSignIn({
  config,
  onSignIn,
  error,
}: {
  config: TabConfig;
  onSignIn: (email: string) => void;
  error: ApiError | null;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [email, setEmail] = useState('');
  const groups = [...new Set(config.demoPeople.map((p) => p.group))];
  return (
    <main className={s.page}>
      <h1>{t('signin.title')}</h1>
      {!config.demo ? (
        <Text>{t('signin.notDemo')}</Text>
      ) : (
        <>
          <Text>{t('signin.demoNote')}</Text>
          <Problem error={error} />
          <form
            className={s.form}
            onSubmit={(e) => {
              e.preventDefault();
              if (email.trim()) onSignIn(email.trim().toLowerCase());
            }}
          >
            <Field label={t('signin.email')}>
              <Input
                type="email"
                value={email}
                onChange={(_, d) => setEmail(d.value)}
                name="email"
                autoComplete="email"
              />
            </Field>
            <Button type="submit" appearance="primary">
              {t('signin.continue')}
            </Button>
          </form>
          {groups.length > 0 && <h2>{t('signin.pick')}</h2>}
          {groups.map((g) => (
            <section key={g} aria-label={g}>
              <h3>
                {t(`signin.group.${g}` as MessageKey) === `signin.group.${g}`
                  ? g
                  : t(`signin.group.${g}` as MessageKey)}
              </h3>
              <div className={s.people}>
                {config.demoPeople
                  .filter((p) => p.group === g)
                  .map((p) => (
                    <Button
                      key={p.email}
                      className={s.person}
                      onClick={() => onSignIn(p.email)}
                      data-email={p.email}
                    >
                      <span>
                        <strong>{p.name}</strong>
                        <br />
                        <span>{p.jobTitle ?? p.email}</span>
                      </span>
                    </Button>
                  ))}
              </div>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
