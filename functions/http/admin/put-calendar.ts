import * as z from 'zod/mini';
import { putCalendar } from '../../../shared/adapters/repository.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { badRequest } from '../../../shared/http/problem.js';
import { provinceFor } from '../../../shared/http/province.js';
import { calendarBody, calendarParams } from '../../../shared/http/schemas.js';
import { provinceConfig } from '../../../shared/http/tenancy.js';

/** Stores a year's working calendar from its official notice (days off, make-up working days). */
export const handler = httpHandler({
  params: calendarParams,
  body: z.unknown(),
  handle: async ({ actor, params, body }) => {
    await provinceFor(actor, params.p, ['PROVINCE_ADMIN']);
    const parsed = calendarBody(params.year).safeParse(body);
    if (!parsed.success) {
      throw badRequest(
        'the calendar has invalid fields',
        parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    const calendar = { year: params.year, ...parsed.data, daysOff: [...new Set(parsed.data.daysOff)].sort(), workingDays: [...new Set(parsed.data.workingDays)].sort() };
    await putCalendar(params.p, calendar);
    await provinceConfig(params.p, true);
    return { status: 200, body: calendar };
  },
});
