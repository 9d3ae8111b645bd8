/** One entity read from the API with its ETag (what a change sends back as If-Match), reloadable. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';

export interface Entity<T> {
  data: T | null;
  etag: string | null;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** After a change: the entity and ETag the API answered with. */
  set(data: T, etag: string | null): void;
}

export function useEntity<T>(path: string | null): Entity<T> {
  const [state, setState] = useState<{ data: T | null; etag: string | null; error: unknown; loading: boolean }>({ data: null, etag: null, error: null, loading: path !== null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path).then(
      ({ data, etag }) => current && setState({ data, etag, error: null, loading: false }),
      (error: unknown) => current && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => void (current = false);
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const set = useCallback((data: T, etag: string | null) => setState({ data, etag, error: null, loading: false }), []);
  return { ...state, reload, set };
}
