/**
 * Every screen of the console, in the order their paths are tried (a fixed path such as
 * `/clients/new` before the pattern `/clients/:id` that would match it too). To add screens,
 * write `screens/<thing>.tsx` exporting a `Screen[]` and list it here.
 */
import type { Screen } from '../screen.ts';
import { adminScreens } from './admin.tsx';
import { billRunScreens } from './bill-runs.tsx';
import { clientScreens } from './clients.tsx';
import { contractScreens } from './contracts.tsx';
import { discountScreens } from './discounts.tsx';
import { homeScreens } from './home.tsx';
import { importScreens } from './imports.tsx';
import { invoiceScreens } from './invoices.tsx';
import { paymentScreens } from './payments.tsx';
import { servicePointScreens } from './service-points.tsx';
import { subscriptionScreens } from './subscriptions.tsx';
import { tariffScreens } from './tariffs.tsx';
import { usageScreens } from './usage.tsx';

export const SCREENS: Screen[] = [
  ...homeScreens,
  ...clientScreens,
  ...contractScreens,
  ...servicePointScreens,
  ...subscriptionScreens,
  ...importScreens,
  ...tariffScreens,
  ...discountScreens,
  ...usageScreens,
  ...billRunScreens,
  ...invoiceScreens,
  ...paymentScreens,
  ...adminScreens,
];
