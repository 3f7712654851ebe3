import { access, admin } from '../../../shared/composition/app.js';
import { calendarBody, routes } from '../../../shared/http/api/administration.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { badRequest } from '../../../shared/http/problem.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';

/** Stores a year's working calendar from its official notice (days off, make-up working days). */
export const handler = httpHandler(routes.putCalendar, async ({ actor, params, body, headers }) => {
  // Who may write is answered before what is wrong with the body.
  await access.provinceFor(actor, params.p, ['PROVINCE_ADMIN']);
  const parsed = calendarBody(params.year).safeParse(body);
  if (!parsed.success) {
    throw badRequest(
      'the calendar has invalid fields',
      parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  const { expectedVersion, ...fields } = parsed.data;
  const calendar = { year: params.year, ...fields, daysOff: [...new Set(fields.daysOff)].sort(), workingDays: [...new Set(fields.workingDays)].sort() };
  const version = await admin.putCalendar(actor, params.p, calendar, expectedVersionOf(expectedVersion, headers['if-match']));
  return { status: 200, body: { ...calendar, version }, headers: { etag: `"${version}"` } };
});
