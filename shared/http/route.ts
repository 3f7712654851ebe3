import type * as z from 'zod/mini';
import type { FunctionAccess } from '../access/least-privilege.js';
import type * as answers from './answers/index.js';
import type { NamesIn } from './answers/common.js';

type Schema = z.ZodMiniType | undefined;

/** The id of a named answer schema (shared/http/answers). */
export type AnswerName = { [M in keyof typeof answers]: NamesIn<(typeof answers)[M]> }[keyof typeof answers];

/** A resource of the API: the tag its routes share in the contract. */
export interface Tag {
  name: string;
  description: string;
}

/**
 * One HTTP route, declared once with everything that follows from it: the handler validates with
 * its schemas (shared/http/handler.ts), the route table lists it (shared/http/routes.ts),
 * /openapi.json documents it (shared/http/openapi.ts), the CDK app makes its function, grants and
 * gateway route (infra/stacks), the local runtime serves it, and the client is generated from it.
 */
export interface Route<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema, Pub extends string | undefined = string | undefined> {
  /** The function's name, and the operation id of the contract. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path, with {name} parameters. */
  path: string;
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Public routes take no token; this says why (the acknowledgement of cdk-nag's AwsSolutions-APIG4). */
  public?: Pub;
  /** Portals (machine clients) may call it: the gateway also accepts the portal scope. */
  portal?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The body is a file of one of these media types, at most `maxBytes`, handed to the handler
   * as it came (`file`) instead of parsed JSON: 415 for another type, 413 for a larger one.
   */
  upload?: { mediaTypes: readonly string[]; maxBytes: number; description: string };
  /** The body as the contract shows it, where the handler checks it itself (its schema depends on the path). */
  documentedBody?: z.ZodMiniType;
  /** Who may call it (JWT claim `roles`), as the contract tells it. */
  roles?: string;
  /** What its function may do, and nothing more (IAM, checked against what it does by the least-privilege test). */
  access: FunctionAccess;
  /** Memory above its kind's, in MB. */
  memoryMb?: number;
  /**
   * Code it runs on some requests only, bundled apart into `file` beside its index.mjs so that a
   * cold start does not parse it: the handler imports `file` when the environment variable
   * `variable` is set, which bundling sets (an esbuild define), and `entry` itself from the sources.
   */
  sideBundle?: { variable: string; file: string; entry: string };
  /** Files it reads beside its bundle at run time (paths from the repository root). */
  shippedFiles?: string[];
  /**
   * A file written beside its bundle when bundling, by `script` (its standard output): the handler
   * reads `file` when bundling set `variable`, and computes the same itself from the sources.
   */
  generatedFile?: { variable: string; file: string; script: string };
  /** Answers a page, `{ items, nextCursor }`, and takes `cursor` and `limit`. */
  paged?: boolean;
  tag: Tag;
  summary: string;
  description: string;
  /** An example request body. */
  example?: Record<string, unknown>;
  /** The named answer schema (shared/http/answers) of each success status; null for an answer without content. */
  answers: Record<number, AnswerName | null>;
  /** The version of what was answered, as ETag, on success. */
  etag?: boolean;
  /** Further headers of the success answers, and whether each is always there. */
  answerHeaders?: Record<string, { description: string; required: boolean }>;
  /** Request headers it reads. */
  headers?: { name: string; required: boolean; description: string }[];
  /** Further answers than the common ones (e.g. 429 of the public lookup). */
  more?: Record<number, string>;
  /** Why the route is deprecated and what to call instead; it still answers as documented. */
  deprecated?: string;
  /** Also answers the same lines as CSV (format=csv). */
  csv?: boolean;
  /** Also answers the printable form (Accept: application/pdf). */
  pdf?: boolean;
}

/** The declarations of one resource: each route gets the resource's tag. */
export function resource(tag: Tag) {
  return <P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, Pub extends string | undefined = undefined>(
    route: Omit<Route<P, Q, B, Pub>, 'tag'>,
  ): Route<P, Q, B, Pub> => ({ ...route, tag });
}
