/**
 * How the console says something went wrong: never a blank page. An error shows the problem's
 * title (and its detail); a change someone else made in the meantime (409/412 on If-Match)
 * says so with a Reload button; a rendering error is caught by the boundary around each screen.
 */
import { Component, type ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';

/** The error as a problem's title and detail, whatever was thrown. */
function describe(error: unknown): { title: string; detail: string | undefined; fields: [string, string[]][] } {
  if (error instanceof ApiError) return { title: error.title, detail: error.detail, fields: Object.entries(error.fieldErrors) };
  if (error instanceof Error) return { title: error.name, detail: error.message, fields: [] };
  return { title: String(error), detail: undefined, fields: [] };
}

export function ErrorBanner({ error, onDismiss, showFields = false }: { error: unknown; onDismiss?: () => void; showFields?: boolean }) {
  const { t } = useI18n();
  if (!error) return null;
  const described = describe(error);
  const { title, detail } = described;
  // A single error is often the detail itself (`lines[0].amount: must be more than zero`): listed only when it says more.
  const fields = described.fields.filter(([, messages]) => !detail || messages.some((message) => !detail.includes(message)));
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner">
      <p class="banner-title">{title}</p>
      {detail && <p class="banner-detail">{detail}</p>}
      {showFields && fields.length > 0 && (
        <ul>
          {fields.map(([field, messages]) => <li key={field}>{`${field}: ${messages.join('; ')}`}</li>)}
        </ul>
      )}
      {onDismiss && (
        <button type="button" class="secondary" onClick={onDismiss} data-testid="error-dismiss">
          {t('console-dismiss')}
        </button>
      )}
    </div>
  );
}

export function ConflictBanner({ onReload }: { onReload: () => void }) {
  const { t } = useI18n();
  return (
    <div class="banner banner-warning" role="alert" data-testid="conflict-banner">
      <p class="banner-title">{t('console-conflict-title')}</p>
      <p class="banner-detail">{t('console-conflict-detail')}</p>
      <button type="button" onClick={onReload} data-testid="conflict-reload">
        {t('console-reload')}
      </button>
    </div>
  );
}

export function Notice({ children, testId = 'notice' }: { children: ComponentChildren; testId?: string }) {
  return (
    <div class="banner banner-info" role="status" data-testid={testId}>
      {children}
    </div>
  );
}

/** An error of the API shown as the banner fits it: a conflict with Reload, anything else with its title. */
export function ProblemBanner({ error, onReload, onDismiss }: { error: unknown; onReload?: () => void; onDismiss?: () => void }) {
  if (!error) return null;
  if (onReload && error instanceof ApiError && error.isConflict) return <ConflictBanner onReload={onReload} />;
  return <ErrorBanner error={error} onDismiss={onDismiss} />;
}

function BoundaryMessage({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div class="banner banner-error" role="alert" data-testid="error-boundary">
      <p class="banner-title">{t('console-screen-failed')}</p>
      <p class="banner-detail">{error instanceof Error ? error.message : String(error)}</p>
      <button type="button" onClick={onRetry}>
        {t('console-retry')}
      </button>
    </div>
  );
}

/** Catches what a screen throws while rendering: the rest of the console stays usable. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: unknown }> {
  override state = { error: null as unknown };
  static override getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown) {
    console.error(error);
  }
  override render() {
    if (this.state.error) return <BoundaryMessage error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
