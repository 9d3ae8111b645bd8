/**
 * Subscriptions: the list (by client, contract, service point, tariff), a subscription's detail
 * with its usage in a cycle and its history, and the forms to create (POST /subscriptions) and
 * change (PUT /subscriptions/{id} with If-Match) one.
 */
import { useEffect } from 'preact/hooks';
import { api, seg, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, orNull, useForm, type FieldSpec, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { listQuery, QueryFilters } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { CRM_WRITERS, ID_PATTERN, SubscriptionsTable } from './crm-common.tsx';

type Subscription = Schemas['Subscription'];

function SubscriptionList() {
  const { t } = useI18n();
  const query = listQuery(useLocation().query, ['clientId', 'contractId', 'servicePointId', 'tariffId']);
  return (
    <section data-testid="subscriptions">
      <h1 tabIndex={-1}>{t('console-nav-subscriptions')}</h1>
      <QueryFilters
        testId="subscriptions-filter"
        filters={[
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'contractId', label: t('console-service-point-contract') },
          { param: 'servicePointId', label: t('console-subscription-service-point') },
          { param: 'tariffId', label: t('console-subscription-tariff') },
        ]}
      />
      <SubscriptionsTable key={query} path={`/subscriptions${query ? `?${query}` : ''}`} />
    </section>
  );
}

function subscriptionFields({ t }: I18n, create: boolean): FieldSpec[] {
  return [
    ...(create ? [{ name: 'id', label: t('console-subscription-id'), required: true, pattern: ID_PATTERN, maxLength: 64, hint: t('console-id-hint') }] : []),
    { name: 'servicePointId', label: t('console-subscription-service-point'), required: true, maxLength: 64 },
    { name: 'tariffId', label: t('console-subscription-tariff'), required: true, maxLength: 64, hint: t('console-subscription-tariff-hint') },
    { name: 'startDate', label: t('console-subscription-start'), type: 'date', required: true },
    { name: 'endDate', label: t('console-subscription-end'), type: 'date' },
    { name: 'quantity', label: t('console-subscription-quantity'), type: 'number', required: true, min: 1, pattern: '[1-9][0-9]*' },
    { name: 'externalId', label: t('console-external-id'), maxLength: 100 },
  ];
}

function detailsOf(values: Values): Schemas['SubscriptionDetails'] {
  return {
    servicePointId: values.servicePointId!.trim(),
    tariffId: values.tariffId!.trim(),
    startDate: values.startDate!,
    endDate: orNull(values.endDate),
    quantity: Number(values.quantity),
    externalId: orNull(values.externalId),
  };
}

function valuesOf(s: Subscription): Values {
  return {
    servicePointId: s.servicePointId,
    tariffId: s.tariffId,
    startDate: s.startDate,
    endDate: s.endDate ?? '',
    quantity: String(s.quantity),
    externalId: s.externalId ?? '',
  };
}

function SubscriptionCreate() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const form = useForm({ servicePointId: query.get('servicePointId') ?? '', quantity: '1' });
  return (
    <section data-testid="subscription-create-screen">
      <h1 tabIndex={-1}>{t('console-subscriptions-create')}</h1>
      <Form
        id="subscription"
        fields={subscriptionFields(i18n, true)}
        form={form}
        submitLabel={t('console-create')}
        onCancel={() => history.back()}
        onSubmit={async (values) => {
          const { data } = await api.post<Subscription>('/subscriptions', { id: values.id!.trim(), ...detailsOf(values) });
          navigate(`/subscriptions/${seg(data.id)}`);
        }}
      />
    </section>
  );
}

function SubscriptionEdit({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const path = `/subscriptions/${seg(params.id!)}`;
  const subscription = useEntity<Subscription>(path);
  const form = useForm({});
  const loaded = subscription.data;
  useEffect(() => {
    if (loaded) form.reset(valuesOf(loaded));
  }, [loaded]);
  return (
    <section data-testid="subscription-edit-screen">
      <h1 tabIndex={-1}>{t('console-subscription-edit-title', { id: params.id! })}</h1>
      <ErrorBanner error={subscription.error} />
      {loaded && form.values.servicePointId !== undefined && (
        <Form
          id="subscription"
          fields={subscriptionFields(i18n, false)}
          form={form}
          submitLabel={t('console-save')}
          onCancel={() => navigate(path)}
          onReload={subscription.reload}
          onSubmit={async (values) => {
            await api.put<Subscription>(path, detailsOf(values), { ifMatch: subscription.etag });
            navigate(path);
          }}
        />
      )}
    </section>
  );
}

function SubscriptionDetail({ params }: ScreenProps) {
  const { t, date, dateTime, number } = useI18n();
  const session = useSession();
  const path = `/subscriptions/${seg(params.id!)}`;
  const subscription = useEntity<Subscription>(path);
  const s = subscription.data;
  return (
    <section data-testid="subscription-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-subscription-title', { id: params.id! })}</h1>
        {s && session.can(...CRM_WRITERS) && (
          <Link class="button" href={`${path}/edit`} data-testid="subscription-edit">
            {t('console-edit')}
          </Link>
        )}
      </div>
      <ErrorBanner error={subscription.error} />
      {s && (
        <>
          <Facts
            testId="subscription-facts"
            items={[
              [t('console-subscription-id'), s.id],
              [t('console-contract-client'), <Link href={`/clients/${seg(s.clientId)}`}>{s.clientId}</Link>],
              [t('console-service-point-contract'), <Link href={`/contracts/${seg(s.contractId)}`}>{s.contractId}</Link>],
              [t('console-subscription-service-point'), <Link href={`/service-points/${seg(s.servicePointId)}`}>{s.servicePointId}</Link>],
              [t('console-subscription-tariff'), <Link href={`/tariffs/${seg(s.tariffId)}`}>{s.tariffId}</Link>],
              [t('console-subscription-start'), date(s.startDate)],
              [t('console-subscription-end'), date(s.endDate)],
              [t('console-subscription-quantity'), number(s.quantity)],
              [t('console-external-id'), s.externalId],
              [t('console-updated-at'), dateTime(s.updatedAt)],
            ]}
          />
          <p>
            <Link href={`/usage?clientId=${encodeURIComponent(s.clientId)}`} data-testid="subscription-usage">
              {t('console-usage-of-client')}
            </Link>
          </p>
          <History path={`${path}/history`} entity="subscription" testId="subscription-history" />
        </>
      )}
    </section>
  );
}

export const subscriptionScreens: Screen[] = [
  { path: '/subscriptions', component: SubscriptionList, nav: { label: 'console-nav-subscriptions', testId: 'nav-subscriptions', order: 40 } },
  { path: '/subscriptions/new', component: SubscriptionCreate },
  { path: '/subscriptions/:id', component: SubscriptionDetail },
  { path: '/subscriptions/:id/edit', component: SubscriptionEdit },
];
