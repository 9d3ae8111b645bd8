/**
 * The shell: reads the session (GET /auth/session), loads the texts of the language to show,
 * and draws the layout (header with the language switcher and sign-out, navigation, main) around
 * the screen the path names. Without a session, or when the API answers 401, it shows the
 * sign-in screen ("session expired" when a session ended under the user).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, onUnauthorized, setApiLanguage, setCsrfToken } from './api.ts';
import { ErrorBanner, ErrorBoundary } from './components/banners.tsx';
import { chooseLanguage, chosenLanguage, I18nContext, LANGUAGE_NAMES, LANGUAGES, isLanguage, loadI18n, pickLanguage, useI18n, type I18n, type Language } from './i18n.tsx';
import { Link, matchPath, useLocation } from './router.tsx';
import type { Screen } from './screen.ts';
import { SCREENS } from './screens/index.ts';
import { SignIn } from './screens/sign-in.tsx';
import { SessionContext, sessionOf, STAFF, type Session, type SessionBody } from './session.tsx';

type SessionState = { status: 'loading' } | { status: 'signed-out'; expired: boolean } | { status: 'signed-in'; body: SessionBody };

export function App() {
  const [sessionState, setSessionState] = useState<SessionState>({ status: 'loading' });
  const [language, setLanguage] = useState<Language>(() => pickLanguage(chosenLanguage(), null));
  const [i18n, setI18n] = useState<I18n | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setApiLanguage(language);
    document.documentElement.lang = language;
    loadI18n(language).then((loaded) => current && (setI18n(loaded), setLoadError(null)), (error: unknown) => current && setLoadError(error));
    return () => void (current = false);
  }, [language]);

  const signedIn = (body: SessionBody) => {
    setCsrfToken(body.csrfToken);
    setSessionState({ status: 'signed-in', body });
    if (!chosenLanguage()) setLanguage(pickLanguage(null, body.user.language));
  };

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      setSessionState({ status: 'signed-out', expired: true });
    });
    api.get<SessionBody>('/auth/session').then(
      ({ data }) => signedIn(data),
      (error: unknown) => setSessionState({ status: 'signed-out', expired: error instanceof ApiError && /expired/i.test(`${error.type} ${error.detail ?? ''}`) }),
    );
    return () => onUnauthorized(null);
  }, []);

  const switchLanguage = (next: Language) => {
    chooseLanguage(next);
    setLanguage(next);
  };

  if (!i18n) {
    return loadError ? (
      <main id="main">
        <ErrorBanner error={loadError} />
      </main>
    ) : (
      <p class="loading" role="status">
        …
      </p>
    );
  }

  const signOut = async () => {
    try {
      await api.post('/auth/sign-out');
    } finally {
      setCsrfToken(null);
      setSessionState({ status: 'signed-out', expired: false });
    }
  };
  const session = sessionState.status === 'signed-in' ? sessionOf(sessionState.body, signOut) : null;

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        <Layout session={session} onLanguage={switchLanguage}>
          {sessionState.status === 'loading' ? (
            <p role="status">{i18n.t('console-loading')}</p>
          ) : session ? (
            <Routes />
          ) : (
            <SignIn expired={sessionState.status === 'signed-out' && sessionState.expired} onSignedIn={signedIn} />
          )}
        </Layout>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}

function LanguageSwitcher({ onLanguage }: { onLanguage: (language: Language) => void }) {
  const { t, language } = useI18n();
  return (
    <div class="language">
      <label for="language-switcher">{t('console-language')}</label>
      <select
        id="language-switcher"
        data-testid="language-switcher"
        value={language}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          if (isLanguage(value)) onLanguage(value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

function Layout({ session, onLanguage, children }: { session: Session | null; onLanguage: (language: Language) => void; children: preact.ComponentChildren }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const nav = SCREENS.filter((screen) => screen.nav && (session?.can(...(screen.nav.roles ?? STAFF)) ?? false)).sort((a, b) => a.nav!.order - b.nav!.order);
  // The link of the screen shown, or of the list it belongs to: the longest href the path starts with.
  const currentHref = nav
    .map((screen) => screen.path)
    .filter((href) => path === href || (href !== '/' && path.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <>
      <a class="skip-link" href="#main">
        {t('console-skip-to-content')}
      </a>
      <header class="top">
        <span class="brand">billstream</span>
        <LanguageSwitcher onLanguage={onLanguage} />
        {session && (
          <div class="who">
            <span data-testid="signed-in-user">{t('console-signed-in-as', { name: session.user.name, roles: session.user.roles.join(', ') })}</span>
            <button type="button" class="secondary" onClick={() => void session.signOut()} data-testid="sign-out">
              {t('console-sign-out')}
            </button>
          </div>
        )}
      </header>
      <div class="frame">
        {session && nav.length > 0 && (
          <nav class="side" aria-label={t('console-nav-label')}>
            <ul>
              {nav.map((screen) => {
                const href = screen.path;
                const current = href === currentHref;
                return (
                  <li key={href}>
                    <Link href={href} data-testid={screen.nav!.testId} aria-current={current ? 'page' : undefined}>
                      {t(screen.nav!.label)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}

function findScreen(path: string): { screen: Screen; params: Record<string, string> } | null {
  for (const screen of SCREENS) {
    const params = matchPath(screen.path, path);
    if (params) return { screen, params };
  }
  return null;
}

function Routes() {
  const { t } = useI18n();
  const { path } = useLocation();
  const found = findScreen(path);
  const first = useRef(true);
  // A new screen moves the focus to its heading, so a screen reader announces where the user is.
  useEffect(() => {
    if (first.current) return void (first.current = false);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  }, [path]);
  if (!found) {
    return (
      <section data-testid="not-found">
        <h1 tabIndex={-1}>{t('console-not-found')}</h1>
        <Link href="/">{t('console-home')}</Link>
      </section>
    );
  }
  const Component = found.screen.component;
  return (
    <ErrorBoundary key={path}>
      <Component params={found.params} />
    </ErrorBoundary>
  );
}
