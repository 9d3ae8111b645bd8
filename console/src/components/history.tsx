/**
 * An entity's history (GET /<things>/{id}/history, oldest first): what changed, when and by whom,
 * newest first. A change event holds only the fields that changed with their new values; the
 * old value is read from the events before it, so each line says "city: Szeged -> Pécs".
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorBanner } from './banners.tsx';

type HistoryEvent = Schemas['HistoryEvent'];

export interface Change {
  field: string;
  from: string | undefined;
  to: string;
}

const show = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** An object's fields one level down (`address.city`), so a changed city is one line, not the whole address. */
function flatten(data: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [inner, v] of Object.entries(value)) out.push([`${field}.${inner}`, v]);
    else out.push([field, value]);
  }
  return out;
}

/** The changes of each event against the state the events before it built. */
export function changesOf(events: HistoryEvent[], idKey?: string): { event: HistoryEvent; changes: Change[] }[] {
  const state: Record<string, unknown> = {};
  return events.map((event) => {
    const changes: Change[] = [];
    // A change event carries `{ <id>, changes: { field: new value } }`; others carry their fields.
    const data = (event.data ?? {}) as Record<string, unknown>;
    const fields = data.changes && typeof data.changes === 'object' && !Array.isArray(data.changes) ? (data.changes as Record<string, unknown>) : data;
    for (const [field, value] of flatten(fields)) {
      if (field === idKey) continue;
      const before = field in state ? show(state[field]) : undefined;
      const after = show(value);
      if (before !== after) changes.push({ field, from: before, to: after });
      state[field] = value;
    }
    return { event, changes };
  });
}

export function History({ path, idKey, testId = 'history' }: { path: string; idKey?: string; testId?: string }) {
  const { t, dateTime } = useI18n();
  const [events, setEvents] = useState<HistoryEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    api.get<{ items: HistoryEvent[] }>(path).then(({ data }) => current && setEvents(data.items), (e: unknown) => current && setError(e));
    return () => void (current = false);
  }, [path, reload]);

  const rows = events ? changesOf(events, idKey).reverse() : [];
  return (
    <section aria-labelledby={`${testId}-heading`} data-testid={testId}>
      <h2 id={`${testId}-heading`}>{t('console-history')}</h2>
      <ErrorBanner error={error} />
      <button type="button" class="secondary" onClick={() => setReload((n) => n + 1)} data-testid={`${testId}-refresh`}>
        {t('console-refresh')}
      </button>
      {events && (
        <div class="table-scroll">
          <table>
            <caption>{t('console-history-caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console-history-when')}</th>
                <th scope="col">{t('console-history-who')}</th>
                <th scope="col">{t('console-history-what')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ event, changes }) => (
                <tr key={event.id} data-testid={`${testId}-row`}>
                  <td>{dateTime(event.metadata.recordedAt)}</td>
                  <td>{event.metadata.actor}</td>
                  <td>
                    <strong data-testid={`${testId}-type`} data-type={event.type}>{t('console-event-type', { type: event.type })}</strong>
                    {changes.length > 0 && changes.every((c) => c.from === undefined) && changes.length > 3 ? (
                      <details>
                        <summary>{t('console-history-fields', { count: changes.length })}</summary>
                        <ul class="changes">
                          {changes.map((change) => (
                            <li key={change.field}>{t('console-history-set', { field: change.field, to: change.to })}</li>
                          ))}
                        </ul>
                      </details>
                    ) : changes.length > 0 && (
                      <ul class="changes">
                        {changes.map((change) => (
                          <li key={change.field}>
                            {change.from === undefined
                              ? t('console-history-set', { field: change.field, to: change.to })
                              : t('console-history-changed', { field: change.field, from: change.from, to: change.to })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
