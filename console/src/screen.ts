/**
 * What a screen is to the shell: a path pattern under /console (`/clients/:id`), the component
 * that draws it (given the path's parameters), and, for screens reached from the navigation, a
 * nav entry. Each screen file exports its `Screen[]`; screens/index.ts lists them all.
 */
import type { FunctionComponent } from 'preact';
import type { Role } from './session.tsx';

export interface ScreenProps {
  params: Record<string, string>;
}

export interface NavEntry {
  /** The message id of the link text. */
  label: string;
  /** `data-testid` of the link (`nav-clients`). */
  testId: string;
  /** Who sees the link (admin always does); the staff roles when not given. */
  roles?: Role[];
  /** Position in the navigation, lowest first. */
  order: number;
}

export interface Screen {
  path: string;
  component: FunctionComponent<ScreenProps>;
  nav?: NavEntry;
}
