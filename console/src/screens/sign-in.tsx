/**
 * Sign-in (POST /auth/sign-in): the API sets the httpOnly session cookie and answers the user and
 * the CSRF token. A wrong name or password and a locked account are said in the user's language;
 * anything else shows the problem's title.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { Notice } from '../components/banners.tsx';
import { Field, useForm, validate } from '../components/form.tsx';
import { ErrorBanner } from '../components/banners.tsx';
import { useI18n } from '../i18n.tsx';
import type { SessionBody } from '../session.tsx';

export function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn: (body: SessionBody) => void }) {
  const { t } = useI18n();
  const form = useForm({ user: '', password: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = [
    { name: 'user', label: t('console-sign-in-user'), required: true, maxLength: 200, autoComplete: 'username' },
    { name: 'password', label: t('console-sign-in-password'), type: 'password' as const, required: true, maxLength: 200, autoComplete: 'current-password' },
  ];

  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    setError(null);
    const errors = validate(fields, form.values, t);
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    setBusy(true);
    try {
      const { data } = await api.post<SessionBody>('/auth/sign-in', { user: form.values.user!.trim(), password: form.values.password });
      onSignedIn(data);
    } catch (caught) {
      form.set('password', '');
      if (caught instanceof ApiError && caught.status === 401) setMessage(t('console-sign-in-wrong'));
      else if (caught instanceof ApiError && caught.status === 423) setMessage(t('console-sign-in-locked', { detail: caught.detail ?? '' }));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" tabIndex={-1}>
        {t('console-sign-in-title')}
      </h1>
      {expired && <Notice testId="session-expired">{t('console-session-expired')}</Notice>}
      {message && (
        <div class="banner banner-error" role="alert" data-testid="sign-in-error">
          <p class="banner-title">{message}</p>
        </div>
      )}
      <ErrorBanner error={error} />
      <form onSubmit={submit} noValidate data-testid="sign-in-form" aria-busy={busy}>
        {fields.map((spec) => (
          <Field key={spec.name} spec={spec} form={form} formId="sign-in" />
        ))}
        <div class="form-actions">
          <button type="submit" disabled={busy} data-testid="sign-in-submit">
            {t('console-sign-in-submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
