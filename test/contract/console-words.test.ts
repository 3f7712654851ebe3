/**
 * The console speaks Vietnamese only: every problem type the API declares, and the field errors its
 * validation gives, are shown in the console's own words — the English `title` and `detail` stay
 * for integrators.
 */
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, Problem, problemDocument, type FieldError } from '../../shared/http/problem.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { shownProblem, type ShownProblem } from '../../web/src/api/problems.js';

/** Words of the API's English that no Vietnamese sentence has. */
const ENGLISH =
  /\b(the|is|are|was|not|no|found|invalid|expected|required|must|request|conflict|forbidden|unauthorized|error|too|many|internal|input|received|string|number|object|array|key|unknown|missing|allowed|declared|file|dossier)\b/i;
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

const lines = (shown: ShownProblem) => [shown.title, shown.detail, ...shown.fields];

function expectVietnamese(shown: ShownProblem, what: string) {
  for (const line of lines(shown)) {
    expect(line, what).not.toMatch(ENGLISH);
    expect(line, what).toMatch(VIETNAMESE);
  }
}

/** Every field error the validation of the API's request bodies gives for an empty, a foreign and a null body. */
function validationErrors(): FieldError[] {
  const errors: FieldError[] = [];
  for (const route of HTTP_ROUTES) {
    if (!route.body) continue;
    for (const body of [{}, { notAField: 1 }, null, { secret: 5, reason: '', documents: [{}], applicant: { idNumber: 12 } }]) {
      const result = route.body.safeParse(body);
      if (!result.success) errors.push(...result.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
    }
  }
  return errors;
}

describe('the console shows every problem of the API in Vietnamese', () => {
  const fieldErrors = validationErrors();

  it('finds field errors to walk in the API itself', () => {
    expect(fieldErrors.length).toBeGreaterThan(50);
    expect(fieldErrors.some((e) => e.message.startsWith('Invalid input'))).toBe(true);
  });

  it.each(PROBLEM_TYPES.map((p) => [p.type, p]))('%s: its title, its explanation and each invalid field', (_type, declared) => {
    const document = problemDocument(new Problem(declared.status ?? 418, 'the file is image/png, application/pdf was declared', fieldErrors));
    expect(document.type).toBe(declared.type);
    const shown = shownProblem(document);
    expect(shown.fields).toHaveLength(fieldErrors.length);
    expectVietnamese(shown, declared.type);
    // The English detail never reaches the screen.
    expect(lines(shown).join(' ')).not.toContain(document.detail);
  });

  it('each declared type in words of its own, and an answer without a type (a proxy, no connection) too', () => {
    const titles = PROBLEM_TYPES.map((p) => shownProblem(problemDocument(new Problem(p.status ?? 418, 'x'))).title);
    expect(new Set(titles).size).toBe(PROBLEM_TYPES.length);
    for (const status of [0, 401, 413, 502, 504]) expectVietnamese(shownProblem({ title: 'Bad Gateway', status }), `status ${status}`);
  });
});
