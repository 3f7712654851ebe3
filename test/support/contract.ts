import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Documented = { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> };
type Document = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, Documented> }>> };

/** One answer as checked against the contract. */
export interface CheckedAnswer {
  operationId: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  /** Why the answer breaks the contract; empty when it keeps it. */
  violations: string[];
}

/**
 * Checks every answer that passes through its `fetch` against the OpenAPI document: the status
 * must be documented for the operation, its required headers present, and the body must match
 * the schema of its media type (JSON Schema 2020-12, formats included). Hand its `fetch` to the
 * generated client.
 */
export function contractChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validator = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) validators.set(pointer, (validate = ajv.compile({ $ref: `openapi.json#${pointer}` })));
    return validate;
  };
  const escape = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
  const routes = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      template,
      method: method.toUpperCase(),
      op,
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
    })),
  );
  const answers: CheckedAnswer[] = [];

  async function check(request: Request, response: Response): Promise<CheckedAnswer> {
    const path = new URL(request.url).pathname;
    const route = routes.find((r) => r.method === request.method && r.pattern.test(path));
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const answer: CheckedAnswer = {
      operationId: route?.op.operationId ?? '?',
      method: request.method,
      path,
      status: response.status,
      contentType,
      violations: [],
    };
    if (!route) {
      answer.violations.push('no operation of the contract has this method and path');
      return answer;
    }
    const documented = route.op.responses[String(response.status)];
    if (!documented) {
      answer.violations.push(`status ${response.status} is not documented`);
      return answer;
    }
    if (!documented.content) {
      if ((await response.text()) !== '') answer.violations.push(`${response.status} is documented without content, but has some`);
      return answer;
    }
    if (!documented.content[contentType]) {
      answer.violations.push(`media type ${contentType} is not documented for ${response.status}`);
      return answer;
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      if (header.required && !response.headers.has(name)) answer.violations.push(`header ${name} is missing`);
    }
    const text = await response.text();
    let body: unknown = text;
    if (contentType.endsWith('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        answer.violations.push('the body is not JSON');
        return answer;
      }
    }
    const validate = validator(
      `/paths/${escape(route.template)}/${request.method.toLowerCase()}/responses/${response.status}/content/${escape(contentType)}/schema`,
    );
    if (!validate(body)) answer.violations.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
    return answer;
  }

  return {
    answers,
    /** A fetch that checks each answer before the caller reads it. */
    fetch: async (request: Request): Promise<Response> => {
      const response = await fetch(request.clone());
      answers.push(await check(request, response.clone()));
      return response;
    },
    check,
  };
}
