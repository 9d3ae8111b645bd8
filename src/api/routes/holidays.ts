import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { ValidationError } from '../../core/errors.ts';
import { countryProblem } from '../../core/validate.ts';
import { HOLIDAY_YEARS } from '../../rating/holidays.ts';
import { HOLIDAY_COLUMNS, importHolidays } from '../../import/holidays.ts';
import { holidayCalendarOf } from '../../app/usage/holiday-calendar.ts';
import { requireRole, STAFF } from '../auth.ts';
import { csvFile, fileImportHandler } from './file-import.ts';

/** Public holidays (RULES.md 1): the operator's holidays.csv upload, and the calendar rating uses for a country and year. */
export function holidaysRouter(billstream: Billstream): Router {
  const router = Router();

  // Holidays price calls (offpeak all day): reference data, written by whoever maintains tariffs.
  router.post('/holidays/import', requireRole('operator', 'billing'), fileImportHandler(billstream, csvFile(HOLIDAY_COLUMNS, importHolidays)));

  router.get('/holidays/:country/:year', requireRole(...STAFF), async (req: Request<{ country: string; year: string }>, res: Response) => {
    const country = req.params.country.toUpperCase();
    const problem = countryProblem(country);
    if (problem) throw ValidationError.field('country', problem);
    const year = Number(req.params.year);
    if (!Number.isInteger(year) || year < HOLIDAY_YEARS.from || year > HOLIDAY_YEARS.to) {
      throw ValidationError.field('year', `${JSON.stringify(req.params.year)} is not a year from ${HOLIDAY_YEARS.from} to ${HOLIDAY_YEARS.to}`);
    }
    const calendar = await holidayCalendarOf(billstream, country);
    res.json({ country, year, known: calendar.knowsYear(year), holidays: [...calendar.holidaysOf(year)].map(([date, name]) => ({ date, name })) });
  });
  return router;
}
