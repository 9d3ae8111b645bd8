/**
 * Contracts: the list (by client, legal entity), a contract's detail with its service points,
 * subscriptions and history, and the forms to create (POST /contracts) and change
 * (PUT /contracts/{id} with If-Match) one.
 */
import { useEffect } from 'preact/hooks';
import { api, seg, type Schemas } from '../api.ts';
import { ErrorBanner } from '../components/banners.tsx';
import { Facts } from '../components/facts.tsx';
import { Form, orNull, useForm, type FieldSpec, type Values } from '../components/form.tsx';
import { History } from '../components/history.tsx';
import { listQuery, QueryFilters, useQueryParam } from '../components/search.tsx';
import { useEntity } from '../components/use-entity.ts';
import { useI18n, type I18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Screen, ScreenProps } from '../screen.ts';
import { useSession } from '../session.tsx';
import { ContractsTable, CRM_WRITERS, ID_PATTERN, ServicePointsTable, SubscriptionsTable } from './crm-common.tsx';

type Contract = Schemas['Contract'];
const CYCLES = ['monthly', 'quarterly', 'yearly'] as const;

function ContractList() {
  const { t } = useI18n();
  const session = useSession();
  const clientId = useQueryParam('clientId');
  const query = listQuery(useLocation().query, ['clientId', 'legalEntityId']);
  return (
    <section data-testid="contracts">
      <div class="heading-row">
        <h1 tabIndex={-1}>{t('console-nav-contracts')}</h1>
        {session.can(...CRM_WRITERS) && (
          <Link class="button" href={`/contracts/new${clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''}`} data-testid="contract-create">
            {t('console-contracts-create')}
          </Link>
        )}
      </div>
      <QueryFilters
        testId="contracts-filter"
        filters={[
          { param: 'clientId', label: t('console-contract-client') },
          { param: 'legalEntityId', label: t('console-contract-legal-entity') },
        ]}
      />
      <ContractsTable key={query} path={`/contracts${query ? `?${query}` : ''}`} />
    </section>
  );
}

function contractFields({ t }: I18n, create: boolean): FieldSpec[] {
  return [
    ...(create ? [{ name: 'id', label: t('console-contract-id'), required: true, pattern: ID_PATTERN, maxLength: 64, hint: t('console-id-hint') }] : []),
    { name: 'clientId', label: t('console-contract-client'), required: true, maxLength: 64 },
    { name: 'legalEntityId', label: t('console-contract-legal-entity'), required: true, maxLength: 64 },
    { name: 'number', label: t('console-contract-number'), maxLength: 64, hint: t('console-contract-number-hint') },
    { name: 'startDate', label: t('console-contract-start'), type: 'date', required: true },
    { name: 'endDate', label: t('console-contract-end'), type: 'date', hint: t('console-contract-end-hint') },
    { name: 'billingStart', label: t('console-contract-billing-start'), type: 'date' },
    { name: 'billingCycle', label: t('console-contract-cycle'), type: 'select', required: true, options: CYCLES.map((cycle) => ({ value: cycle, label: t('console-contract-cycle-value', { cycle }) })) },
    { name: 'cycleAnchorDay', label: t('console-contract-anchor-day'), type: 'number', required: true, min: 1, max: 28, pattern: '([1-9]|1[0-9]|2[0-8])' },
    { name: 'currency', label: t('console-contract-currency'), pattern: '[A-Z]{3}', maxLength: 3, hint: t('console-contract-currency-hint') },
    { name: 'paymentTermsDays', label: t('console-contract-payment-terms'), type: 'number', required: true, min: 0, max: 365, pattern: '[0-9]{1,3}' },
    { name: 'agentId', label: t('console-client-agent'), maxLength: 64 },
    { name: 'externalId', label: t('console-external-id'), maxLength: 100 },
  ];
}

function detailsOf(values: Values): Schemas['ContractDetails'] {
  return {
    clientId: values.clientId!.trim(),
    legalEntityId: values.legalEntityId!.trim(),
    ...(values.number?.trim() ? { number: values.number.trim() } : {}),
    startDate: values.startDate!,
    endDate: orNull(values.endDate),
    billingStart: orNull(values.billingStart),
    billingCycle: values.billingCycle as Schemas['ContractDetails']['billingCycle'],
    cycleAnchorDay: Number(values.cycleAnchorDay),
    currency: orNull(values.currency),
    paymentTermsDays: Number(values.paymentTermsDays),
    agentId: orNull(values.agentId),
    externalId: orNull(values.externalId),
  };
}

function valuesOf(c: Contract): Values {
  return {
    clientId: c.clientId,
    legalEntityId: c.legalEntityId,
    number: c.number,
    startDate: c.startDate,
    endDate: c.endDate ?? '',
    billingStart: c.billingStart ?? '',
    billingCycle: c.billingCycle,
    cycleAnchorDay: String(c.cycleAnchorDay),
    currency: c.currency,
    paymentTermsDays: String(c.paymentTermsDays),
    agentId: c.agentId ?? '',
    externalId: c.externalId ?? '',
  };
}

function ContractCreate() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const form = useForm({ clientId: query.get('clientId') ?? '', billingCycle: 'monthly', cycleAnchorDay: '1', paymentTermsDays: '15' });
  return (
    <section data-testid="contract-create-screen">
      <h1 tabIndex={-1}>{t('console-contracts-create')}</h1>
      <Form
        id="contract"
        fields={contractFields(i18n, true)}
        form={form}
        submitLabel={t('console-create')}
        onCancel={() => history.back()}
        onSubmit={async (values) => {
          const { data } = await api.post<Contract>('/contracts', { id: values.id!.trim(), ...detailsOf(values) });
          navigate(`/contracts/${seg(data.id)}`);
        }}
      />
    </section>
  );
}

function ContractEdit({ params }: ScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const path = `/contracts/${seg(params.id!)}`;
  const contract = useEntity<Contract>(path);
  const form = useForm({});
  const loaded = contract.data;
  useEffect(() => {
    if (loaded) form.reset(valuesOf(loaded));
  }, [loaded]);
  return (
    <section data-testid="contract-edit-screen">
      <h1 tabIndex={-1}>{t('console-contract-edit-title', { number: loaded?.number ?? params.id! })}</h1>
      <ErrorBanner error={contract.error} />
      {loaded && form.values.clientId !== undefined && (
        <Form
          id="contract"
          fields={contractFields(i18n, false)}
          form={form}
          submitLabel={t('console-save')}
          onCancel={() => navigate(path)}
          onReload={contract.reload}
          onSubmit={async (values) => {
            await api.put<Contract>(path, detailsOf(values), { ifMatch: contract.etag });
            navigate(path);
          }}
        />
      )}
    </section>
  );
}

function ContractDetail({ params }: ScreenProps) {
  const { t, date, dateTime } = useI18n();
  const session = useSession();
  const path = `/contracts/${seg(params.id!)}`;
  const contract = useEntity<Contract>(path);
  const c = contract.data;
  return (
    <section data-testid="contract-detail">
      <div class="heading-row">
        <h1 tabIndex={-1}>{c ? t('console-contract-title', { number: c.number }) : t('console-loading')}</h1>
        {c && session.can(...CRM_WRITERS) && (
          <>
            <Link class="button" href={`/service-points/new?contractId=${encodeURIComponent(c.id)}`} data-testid="service-point-create">
              {t('console-service-points-create')}
            </Link>
            <Link class="button" href={`${path}/edit`} data-testid="contract-edit">
              {t('console-edit')}
            </Link>
          </>
        )}
      </div>
      <ErrorBanner error={contract.error} />
      {c && (
        <>
          <Facts
            testId="contract-facts"
            items={[
              [t('console-contract-id'), c.id],
              [t('console-contract-client'), <Link href={`/clients/${seg(c.clientId)}`}>{c.clientId}</Link>],
              [t('console-contract-legal-entity'), c.legalEntityId],
              [t('console-contract-start'), date(c.startDate)],
              [t('console-contract-end'), date(c.endDate)],
              [t('console-contract-billing-start'), date(c.billingStart)],
              [t('console-contract-cycle'), t('console-contract-cycle-value', { cycle: c.billingCycle })],
              [t('console-contract-anchor-day'), String(c.cycleAnchorDay)],
              [t('console-contract-currency'), c.currency],
              [t('console-contract-payment-terms'), String(c.paymentTermsDays)],
              [t('console-client-agent'), c.agentId],
              [t('console-external-id'), c.externalId],
              [t('console-updated-at'), dateTime(c.updatedAt)],
            ]}
          />
          <section aria-labelledby="contract-service-points">
            <h2 id="contract-service-points">{t('console-nav-service-points')}</h2>
            <ServicePointsTable path={`${path}/service-points`} />
          </section>
          <section aria-labelledby="contract-subscriptions">
            <h2 id="contract-subscriptions">{t('console-nav-subscriptions')}</h2>
            <SubscriptionsTable path={`${path}/subscriptions`} />
          </section>
          <History path={`${path}/history`} entity="contract" testId="contract-history" />
        </>
      )}
    </section>
  );
}

export const contractScreens: Screen[] = [
  { path: '/contracts', component: ContractList, nav: { label: 'console-nav-contracts', testId: 'nav-contracts', order: 20 } },
  { path: '/contracts/new', component: ContractCreate },
  { path: '/contracts/:id', component: ContractDetail },
  { path: '/contracts/:id/edit', component: ContractEdit },
];
