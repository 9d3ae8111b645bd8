/**
 * A small path router: the console's screens live under `/console/...` (the server answers the
 * page for every such path), so a screen can be bookmarked, reloaded and opened in a new tab.
 * Paths here are relative to `/console` (`/clients/C-1`); the query string carries a screen's
 * filters (`/clients?name=Kov`).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

export interface Location {
  /** The path under /console, always starting with `/`. */
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
addEventListener('popstate', notify);

export function currentLocation(): Location {
  const full = location.pathname;
  const path = full === BASE ? '/' : full.startsWith(`${BASE}/`) ? full.slice(BASE.length) : '/';
  return { path: path.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

/** Goes to a console path (`/clients/C-1?tab=history`); `replace` keeps the browser history as it is. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `${BASE}${to === '/' ? '' : to}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/** Replaces the current query (a search term, a page filter) without a new history entry. */
export function setQuery(values: Record<string, string | null | undefined>): void {
  const { path, query } = currentLocation();
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  const text = query.toString();
  navigate(`${path}${text ? `?${text}` : ''}`, { replace: true });
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const listener = () => setLocation(currentLocation());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return location;
}

/** The parameters of `pattern` (`/clients/:id`) in `path`, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(have[i]!);
    else if (part !== have[i]) return null;
  }
  return params;
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  'data-testid'?: string;
  'aria-current'?: 'page';
  'aria-label'?: string;
  onClick?: (event: MouseEvent) => void;
}

/** A link to a console path: a real `<a href>` (new tab, copy link), followed in the page on a plain click. */
export function Link({ href, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={`${BASE}${href === '/' ? '' : href}`}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
