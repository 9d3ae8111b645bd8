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
