/**
 * Every screen of the console, in the order their paths are tried (a fixed path such as
 * `/clients/new` before the pattern `/clients/:id` that would match it too). To add screens,
 * write `screens/<thing>.tsx` exporting a `Screen[]` and list it here.
 */
import type { Screen } from '../screen.ts';
import { clientScreens } from './clients.tsx';
import { homeScreens } from './home.tsx';

export const SCREENS: Screen[] = [...homeScreens, ...clientScreens];
