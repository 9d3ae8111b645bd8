/**
 * A list's search box: the term lives in the URL (`?name=Kov`), so the list can be bookmarked
 * and Back returns to it; the list below starts again at page 1 on each search.
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n.tsx';
import { setQuery, useLocation } from '../router.tsx';

export function useQueryParam(name: string): string {
  return useLocation().query.get(name) ?? '';
}

export function SearchBox({ param, label, testId }: { param: string; label: string; testId: string }) {
  const { t } = useI18n();
  const current = useQueryParam(param);
  const [value, setValue] = useState(current);
  useEffect(() => setValue(current), [current]);
  return (
    <form
      role="search"
      class="search"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        setQuery({ [param]: value.trim() });
      }}
    >
      <label for={`${testId}-input`}>{label}</label>
      <input id={`${testId}-input`} type="search" value={value} maxLength={200} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} data-testid={`${testId}-input`} />
      <button type="submit" data-testid={`${testId}-submit`}>
        {t('console-search')}
      </button>
    </form>
  );
}

export interface FilterSpec {
  param: string;
  label: string;
  type?: 'text' | 'date' | 'select';
  options?: { value: string; label: string }[];
}

/** Several filters of a list, each a query parameter; applied together with one button. `label` names the search landmark when a screen has two. */
export function QueryFilters({ filters, testId, label }: { filters: FilterSpec[]; testId: string; label?: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const current = Object.fromEntries(filters.map((f) => [f.param, query.get(f.param) ?? '']));
  const key = JSON.stringify(current);
  const [values, setValues] = useState(current);
  useEffect(() => setValues(current), [key]);
  return (
    <form
      role="search"
      class="filters"
      aria-label={label}
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        setQuery(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])));
      }}
    >
      {filters.map((filter) => {
        const id = `${testId}-${filter.param}`;
        const onInput = (e: Event) => setValues((v) => ({ ...v, [filter.param]: (e.currentTarget as HTMLInputElement).value }));
        return (
          <div class="field" key={filter.param}>
            <label for={id}>{filter.label}</label>
            {filter.type === 'select' ? (
              <select id={id} value={values[filter.param]} onChange={onInput} data-testid={id}>
                <option value="">{t('console-all')}</option>
                {filter.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input id={id} type={(filter.type === 'date' ? 'date' : 'search') as 'search'} value={values[filter.param]} maxLength={200} onInput={onInput} data-testid={id} />
            )}
          </div>
        );
      })}
      <button type="submit" data-testid={`${testId}-submit`}>
        {t('console-search')}
      </button>
    </form>
  );
}

/** The filters of a list present in the page's query, as the API's query string (`clientId=C-1`). */
export function listQuery(query: URLSearchParams, params: string[]): string {
  const out = new URLSearchParams();
  for (const param of params) {
    const value = query.get(param);
    if (value) out.set(param, value);
  }
  return out.toString();
}
