/**
 * Administration (role admin): API keys for machines (list, issue: the secret is shown once,
 * revoke) and users for people (list, create, disable, enable, set a password).
 */
import { useState } from 'preact/hooks';
import { api, seg, type Page, type Schemas } from '../api.ts';
import { ErrorBanner, Notice } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Field, Form, orNull, useForm, type FieldSpec, type FormState, type Values } from '../components/form.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { useEntity } from '../components/use-entity.ts';
import { LANGUAGE_NAMES, LANGUAGES, useI18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import type { Role } from '../session.tsx';
import { PAGE_SIZE } from './crm-common.tsx';

type ApiKey = Schemas['ApiKey'];
const ROLES: Role[] = ['admin', 'operator', 'billing', 'accountant', 'auditor', 'partner', 'client'];
const ADMIN: Role[] = ['admin'];

/** A user as GET /users answers (never a password or its hash). */
interface User {
  id: string;
  name: string;
  roles: Role[];
  clientId: string | null;
  partnerId: string | null;
  language: string;
  disabled: boolean;
  lockedUntil: string | null;
  failedSignIns: number;
  lastSignInAt: string | null;
  createdAt: string;
}

const rolesOf = (values: Values) => ROLES.filter((role) => values[`roles.${role}`] === 'true');

/** The roles as checkboxes in a fieldset; the API's error for `roles` shows under it. */
function RolesField({ form, formId }: { form: FormState; formId: string }) {
  const { t } = useI18n();
  const errors = form.errors.roles ?? [];
  return (
    <fieldset aria-describedby={errors.length ? `${formId}-roles-error` : undefined} data-testid="field-roles">
      <legend>{t('console-roles')}</legend>
      {ROLES.map((role) => (
        <Field key={role} spec={{ name: `roles.${role}`, label: t('console-role', { role }), type: 'checkbox' }} form={form} formId={formId} />
      ))}
      {errors.length > 0 && (
        <span class="field-error" id={`${formId}-roles-error`} data-testid="field-error-roles">
          {errors.join(' ')}
        </span>
      )}
    </fieldset>
  );
}

/** The page's own check of the roles: at least one. */
function checkRoles(t: (id: string) => string): (values: Values) => Record<string, string[]> {
  return (values): Record<string, string[]> => (rolesOf(values).length ? {} : { roles: [t('console-roles-required')] });
}

function ApiKeys() {
  const { t, dateTime } = useI18n();
  const [version, setVersion] = useState(0);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.delete(`/api-keys/${seg(id)}`);
      setConfirming(null);
      setVersion((v) => v + 1);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section data-testid="api-keys">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-api-keys')}</h1>
        <Link class="button" href="/api-keys/new" data-testid="api-key-create">
          {t('console-api-keys-create')}
        </Link>
      </div>
      <ErrorBanner error={error} />
      <PagedTable<ApiKey>
        key={version}
        testId="api-keys-table"
        caption={t('console-nav-api-keys')}
        load={(after) => api.get<Page<ApiKey>>('/api-keys', { after, limit: PAGE_SIZE })}
        rowKey={(k) => k.id}
        columns={[
          { header: t('console-api-key-id'), cell: (k) => k.id },
          { header: t('console-api-key-name'), cell: (k) => k.name },
          { header: t('console-roles'), cell: (k) => k.roles.map((role) => t('console-role', { role })).join(', ') },
          { header: t('console-api-key-scope'), cell: (k) => [k.tenantId && t('console-scope-partner', { id: k.tenantId }), k.clientId && t('console-scope-client', { id: k.clientId })].filter(Boolean).join(', ') },
          { header: t('console-api-key-created'), cell: (k) => dateTime(k.createdAt) },
          {
            header: t('console-api-key-state'),
            cell: (k) =>
              k.revoked ? (
                t('console-api-key-revoked')
              ) : confirming === k.id ? (
                <span role="group" aria-label={t('console-api-key-revoke-confirm', { name: k.name })}>
                  {t('console-api-key-revoke-confirm', { name: k.name })}{' '}
                  <button type="button" class="danger" onClick={() => void revoke(k.id)} data-testid="api-key-revoke-yes">
                    {t('console-api-key-revoke')}
                  </button>{' '}
                  <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                    {t('console-cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" class="secondary" onClick={() => setConfirming(k.id)} data-testid="api-key-revoke" aria-label={t('console-api-key-revoke-named', { name: k.name })}>
                  {t('console-api-key-revoke')}
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}

function ApiKeyCreate() {
  const { t } = useI18n();
  const form = useForm({ name: '' });
  const [issued, setIssued] = useState<(ApiKey & { key: string }) | null>(null);
  const fields: FieldSpec[] = [
    { name: 'name', label: t('console-api-key-name'), required: true, maxLength: 100 },
    { name: 'tenantId', label: t('console-api-key-tenant'), maxLength: 64, hint: t('console-api-key-tenant-hint') },
    { name: 'clientId', label: t('console-api-key-client'), maxLength: 64, hint: t('console-api-key-client-hint') },
  ];
  if (issued) {
    return (
      <section data-testid="api-key-issued">
        <h1 tabIndex={-1}>{t('console-api-key-issued', { name: issued.name })}</h1>
        <Notice testId="api-key-secret-notice">{t('console-api-key-secret-once')}</Notice>
        <p>
          <label for="api-key-secret">{t('console-api-key-secret')}</label>
          <br />
          <input id="api-key-secret" readOnly value={issued.key} size={60} data-testid="api-key-secret" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </p>
        <Link href="/api-keys">{t('console-nav-api-keys')}</Link>
      </section>
    );
  }
  return (
    <section data-testid="api-key-create-screen">
      <h1 tabIndex={-1}>{t('console-api-keys-create')}</h1>
      <Form
        id="api-key"
        fields={fields}
        form={form}
        submitLabel={t('console-create')}
        check={checkRoles(t)}
        onCancel={() => navigate('/api-keys')}
        onSubmit={async (values) => {
          const body = { name: values.name!.trim(), roles: rolesOf(values), tenantId: orNull(values.tenantId), clientId: orNull(values.clientId) };
          const { data } = await api.post<ApiKey & { key: string }>('/api-keys', body);
          setIssued(data);
        }}
      >
        {fields.slice(0, 1).map((spec) => <Field key={spec.name} spec={spec} form={form} formId="api-key" />)}
        <RolesField form={form} formId="api-key" />
        {fields.slice(1).map((spec) => <Field key={spec.name} spec={spec} form={form} formId="api-key" />)}
      </Form>
    </section>
  );
}

function userState(user: User, t: (id: string, args?: Record<string, string>) => string, dateTime: (v: string) => string): string {
  if (user.disabled) return t('console-user-disabled');
  if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()) return t('console-user-locked', { until: dateTime(user.lockedUntil) });
  return t('console-user-active');
}

function Users() {
  const { t, dateTime } = useI18n();
  return (
    <section data-testid="users">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-users')}</h1>
        <Link class="button" href="/users/new" data-testid="user-create">
          {t('console-users-create')}
        </Link>
      </div>
      <PagedTable<User>
        testId="users-table"
        caption={t('console-nav-users')}
        load={(after) => api.get<Page<User>>('/users', { after, limit: PAGE_SIZE })}
        rowKey={(u) => u.id}
        columns={[
          { header: t('console-user-name'), cell: (u) => <Link href={`/users/${seg(u.id)}`}>{u.name}</Link> },
          { header: t('console-roles'), cell: (u) => u.roles.map((role) => t('console-role', { role })).join(', ') },
          { header: t('console-api-key-scope'), cell: (u) => [u.partnerId && t('console-scope-partner', { id: u.partnerId }), u.clientId && t('console-scope-client', { id: u.clientId })].filter(Boolean).join(', ') },
          { header: t('console-language'), cell: (u) => u.language },
          { header: t('console-api-key-state'), cell: (u) => userState(u, t, dateTime) },
          { header: t('console-user-last-sign-in'), cell: (u) => dateTime(u.lastSignInAt) },
        ]}
      />
    </section>
  );
}

function passwordField(t: (id: string) => string): FieldSpec {
  return { name: 'password', label: t('console-user-password'), type: 'password', required: true, maxLength: 200, minLength: 12, hint: t('console-user-password-hint'), autoComplete: 'new-password' };
}

function UserCreate() {
  const { t } = useI18n();
  const form = useForm({ name: '', password: '', language: 'en' });
  const fields: FieldSpec[] = [
    { name: 'name', label: t('console-user-name'), required: true, maxLength: 64, pattern: '[a-z0-9][a-z0-9._@-]{0,63}', hint: t('console-user-name-hint'), autoComplete: 'off' },
    passwordField(t),
    { name: 'language', label: t('console-language'), type: 'select', required: true, options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })) },
    { name: 'clientId', label: t('console-api-key-client'), maxLength: 64, hint: t('console-user-client-hint') },
    { name: 'partnerId', label: t('console-api-key-tenant'), maxLength: 64, hint: t('console-user-partner-hint') },
  ];
  return (
    <section data-testid="user-create-screen">
      <h1 tabIndex={-1}>{t('console-users-create')}</h1>
      <Form
        id="user"
        fields={fields}
        form={form}
        submitLabel={t('console-create')}
        check={checkRoles(t)}
        onCancel={() => navigate('/users')}
        onSubmit={async (values) => {
          const body = { name: values.name!.trim(), password: values.password!, roles: rolesOf(values), language: values.language, clientId: orNull(values.clientId), partnerId: orNull(values.partnerId) };
          const { data } = await api.post<User>('/users', body);
          navigate(`/users/${seg(data.id)}`);
        }}
      >
        {fields.slice(0, 3).map((spec) => <Field key={spec.name} spec={spec} form={form} formId="user" />)}
        <RolesField form={form} formId="user" />
        {fields.slice(3).map((spec) => <Field key={spec.name} spec={spec} form={form} formId="user" />)}
      </Form>
    </section>
  );
}

function UserDetail({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const path = `/users/${seg(params.id!)}`;
  const user = useEntity<User>(path);
  const [error, setError] = useState<unknown>(null);
  const [passwordSet, setPasswordSet] = useState(false);
  const form = useForm({ password: '' });
  const u = user.data;
  const toggle = async () => {
    if (!u) return;
    setError(null);
    try {
      const { data } = await api.post<User>(`${path}/${u.disabled ? 'enable' : 'disable'}`);
      user.set(data, null);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section data-testid="user-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-user-title', { name: params.id! })}</h1>
        {u && (
          <button type="button" class={u.disabled ? undefined : 'danger'} onClick={() => void toggle()} data-testid={u.disabled ? 'user-enable' : 'user-disable'}>
            {u.disabled ? t('console-user-enable') : t('console-user-disable')}
          </button>
        )}
      </div>
      <ErrorBanner error={user.error ?? error} />
      {u && (
        <>
          <Facts
            testId="user-facts"
            items={[
              [t('console-user-name'), u.name],
              [t('console-roles'), u.roles.map((role) => t('console-role', { role })).join(', ')],
              [t('console-api-key-client'), u.clientId],
              [t('console-api-key-tenant'), u.partnerId],
              [t('console-language'), u.language],
              [t('console-api-key-state'), userState(u, t, dateTime)],
              [t('console-user-failed-sign-ins'), String(u.failedSignIns)],
              [t('console-user-last-sign-in'), dateTime(u.lastSignInAt)],
              [t('console-api-key-created'), dateTime(u.createdAt)],
            ]}
          />
          <section aria-labelledby="user-password-heading">
            <h2 id="user-password-heading">{t('console-user-set-password')}</h2>
            {passwordSet && <Notice testId="user-password-set">{t('console-user-password-set')}</Notice>}
            <Form
              id="user-password"
              fields={[passwordField(t)]}
              form={form}
              submitLabel={t('console-user-set-password')}
              onSubmit={async (values) => {
                setPasswordSet(false);
                await api.put(`${path}/password`, { password: values.password });
                form.reset({ password: '' });
                setPasswordSet(true);
                user.reload();
              }}
            />
          </section>
        </>
      )}
    </section>
  );
}

export const adminScreens: Screen[] = [
  { path: '/api-keys', component: ApiKeys, nav: { label: 'console-nav-api-keys', testId: 'nav-api-keys', order: 90, roles: ADMIN } },
  { path: '/api-keys/new', component: ApiKeyCreate },
  { path: '/users', component: Users, nav: { label: 'console-nav-users', testId: 'nav-users', order: 91, roles: ADMIN } },
  { path: '/users/new', component: UserCreate },
  { path: '/users/:id', component: UserDetail },
];
