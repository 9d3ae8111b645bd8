/**
 * An entity's history (GET /<things>/{id}/history, oldest first): what changed, when and by whom,
 * newest first. A change event holds only the fields that changed with their new values; the
 * old value is read from the events before it, so each line says "City: Szeged → Pécs", each
 * field named and each value written as the entity's screens do (history-fields.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api.ts';
import { fieldLabel, fieldSpec, fieldValue, HISTORIES, type EntityHistory, type HistoryEntity } from '../history-fields.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorBanner } from './banners.tsx';

type HistoryEvent = Schemas['HistoryEvent'];

export interface Change {
  field: string;
  /** The value before, as stored; absent when the event is the first to say it. */
  from?: unknown;
  to: unknown;
  isNew: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** An object's fields one level down (`address.city`), so a changed city is one line, not the whole address. */
function flatten(data: Record<string, unknown>, whole: (field: string) => boolean): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && !whole(field)) for (const [inner, v] of Object.entries(value)) out.push([`${field}.${inner}`, v]);
    else out.push([field, value]);
  }
  return out;
}

/**
 * The changes of each event: an event that says the entity's new state (history.versions)
 * against the state the ones before it built; any other event its fields as it states them.
 * `seen` answers a field of the event, else its latest value in the events before (for formats
 * that need another field, as an amount its currency).
 */
export function changesOf(events: HistoryEvent[], history?: EntityHistory): { event: HistoryEvent; changes: Change[]; seen: (field: string) => unknown }[] {
  const state: Record<string, unknown> = {};
  const latest: Record<string, unknown> = {};
  const idKeys = new Set(history?.idKeys ?? []);
  return events.map((event) => {
    const changes: Change[] = [];
    // A change event carries `{ <id>, changes: { field: new value } }`; others carry their fields.
    let data = (event.data ?? {}) as Record<string, unknown>;
    data = history?.normalize?.[event.type]?.(data) ?? data;
    const fields = data.changes && typeof data.changes === 'object' && !Array.isArray(data.changes) ? (data.changes as Record<string, unknown>) : data;
    const flat = flatten(fields, (field) => fieldSpec(history, event.type, field)?.whole === true);
    const versioned = history?.versions.includes(event.type) ?? true;
    for (const [field, value] of flat) {
      if (idKeys.has(field)) continue;
      const own = !versioned || fieldSpec(history, event.type, field)?.eventOwn === true;
      if (own || !(field in state)) changes.push({ field, to: value, isNew: true });
      else if (!same(state[field], value)) changes.push({ field, from: state[field], to: value, isNew: false });
      if (!own) state[field] = value;
    }
    const stated = Object.fromEntries(flat);
    const before = { ...latest };
    Object.assign(latest, stated);
    return { event, changes, seen: (field: string) => (field in stated ? stated[field] : before[field]) };
  });
}

export function History({ path, entity, testId = 'history' }: { path: string; entity: HistoryEntity; testId?: string }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [events, setEvents] = useState<HistoryEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    api.get<{ items: HistoryEvent[] }>(path).then(({ data }) => current && setEvents(data.items), (e: unknown) => current && setError(e));
    return () => void (current = false);
  }, [path, reload]);

  const history = HISTORIES[entity];
  const rows = events ? changesOf(events, history).reverse() : [];
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
              {rows.map(({ event, changes, seen }) => {
                const line = (change: Change) => {
                  const field = fieldLabel(history, event.type, change.field, i18n);
                  const to = fieldValue(history, event.type, change.field, change.to, i18n, seen);
                  return change.isNew
                    ? t('console-history-set', { field, to })
                    : t('console-history-changed', { field, from: fieldValue(history, event.type, change.field, change.from, i18n, seen), to });
                };
                const items = (
                  <ul class="changes">
                    {changes.map((change) => (
                      <li key={change.field} data-testid={`${testId}-change`} data-field={change.field}>
                        {line(change)}
                      </li>
                    ))}
                  </ul>
                );
                return (
                  <tr key={event.id} data-testid={`${testId}-row`}>
                    <td>{dateTime(event.metadata.recordedAt)}</td>
                    <td>{event.metadata.actor}</td>
                    <td>
                      <strong data-testid={`${testId}-type`} data-type={event.type}>{t('console-event-type', { type: event.type })}</strong>
                      {changes.length > 3 && changes.every((c) => c.isNew) ? (
                        <details>
                          <summary>{t('console-history-fields', { count: changes.length })}</summary>
                          {items}
                        </details>
                      ) : changes.length > 0 && items}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
