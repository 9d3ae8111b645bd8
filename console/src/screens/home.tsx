/** The first screen after signing in: the dashboard for staff, else where to go from here. */
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import type { Screen } from '../screen.ts';
import { STAFF, useSession } from '../session.tsx';
import { DashboardScreen } from './dashboard.tsx';

function Home() {
  const { t } = useI18n();
  const session = useSession();
  if (session.can(...STAFF)) return <DashboardScreen />;
  return (
    <section data-testid="home">
      <h1 tabIndex={-1}>{t('console-home-title', { name: session.user.name })}</h1>
      <p>{t('console-home-intro')}</p>
      <ul class="links">
        {/* What a partner's or client's user may read: the receivables of their own clients (the CRM lists are staff-only). */}
        {session.user.clientId && (
          <li>
            <Link href={`/accounts?clientId=${encodeURIComponent(session.user.clientId)}`} data-testid="home-account">
              {t('console-nav-accounts')}
            </Link>
          </li>
        )}
        <li>
          <Link href="/payments" data-testid="home-payments">
            {t('console-nav-payments')}
          </Link>
        </li>
        <li>
          <Link href="/receivables/aging" data-testid="home-aging">
            {t('console-nav-aging')}
          </Link>
        </li>
      </ul>
    </section>
  );
}

export const homeScreens: Screen[] = [{ path: '/', component: Home, nav: { label: 'console-nav-home', testId: 'nav-home', order: 0, roles: ['admin', 'operator', 'billing', 'accountant', 'auditor', 'partner', 'client'] } }];
