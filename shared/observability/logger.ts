import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Structured JSON logs: one object a line, with the fields and environment variables of AWS Lambda
 * Powertools' logger (level, message, timestamp, service, cold_start, function_name,
 * function_request_id, …; POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, and Lambda's own
 * AWS_LAMBDA_LOG_LEVEL first), so that its log queries apply. Written straight to stdout (warnings
 * and errors to stderr), not through `console`, which the Lambda runtime reformats. Never log a
 * dossier's applicant, documents or free text: ids and codes only.
 */
const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof LEVELS;

/** Lambda's application log level names TRACE and FATAL too. */
const ALIASES: Record<string, LogLevel> = { TRACE: 'DEBUG', FATAL: 'CRITICAL' };

function levelOf(value: string | undefined): LogLevel | undefined {
  const name = value?.toUpperCase();
  if (!name) return undefined;
  return name in LEVELS ? (name as LogLevel) : ALIASES[name];
}

/** An Error passed among a line's fields keeps its name, message and stack (JSON would drop them). */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return typeof value === 'bigint' ? value.toString() : value;
}

/** What every line of one invocation carries: its context (function, request id, cold start) and the keys appended during it. */
interface Invocation {
  context: Record<string, unknown>;
  keys: Record<string, unknown>;
}

/**
 * Each invocation's own, through all its asynchronous work: the local runtime runs every function
 * in one process and at once, so a context kept on the logger would mix them.
 */
const invocations = new AsyncLocalStorage<Invocation>();

export class Logger {
  private threshold: number;
  private readonly service: string;
  /** Lines written outside any invocation (module initialisation, scripts). */
  private readonly outside: Invocation = { context: {}, keys: {} };

  constructor(defaults: { serviceName: string }) {
    const { env } = process;
    this.service = env.POWERTOOLS_SERVICE_NAME || defaults.serviceName;
    this.threshold = LEVELS[levelOf(env.AWS_LAMBDA_LOG_LEVEL) ?? levelOf(env.POWERTOOLS_LOG_LEVEL) ?? levelOf(env.LOG_LEVEL) ?? 'INFO'];
  }

  setLogLevel(level: LogLevel): void {
    this.threshold = LEVELS[level];
  }

  /**
   * Starts an invocation: the lines of the asynchronous work that follows carry `context`. A
   * middleware cannot wrap the rest of the chain in `run`, hence `enterWith`; the caller's own
   * context is entered too, which endInvocation empties.
   */
  beginInvocation(context: Record<string, unknown>): void {
    invocations.enterWith({ context, keys: {} });
  }

  /** Ends the current invocation: its context and keys are on no line written after. */
  endInvocation(): void {
    const invocation = invocations.getStore();
    if (!invocation) return;
    invocation.context = {};
    invocation.keys = {};
  }

  /** Fields on every later line of the current invocation, dropped when it ends. */
  appendKeys(keys: Record<string, unknown>): void {
    Object.assign(this.current().keys, keys);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('DEBUG', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.write('ERROR', message, fields);
  }

  critical(message: string, fields?: Record<string, unknown>): void {
    this.write('CRITICAL', message, fields);
  }

  private current(): Invocation {
    return invocations.getStore() ?? this.outside;
  }

  private write(level: Exclude<LogLevel, 'SILENT'>, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const { context, keys } = this.current();
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...context,
      xray_trace_id: process.env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', ''),
      ...keys,
      ...fields,
    };
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${JSON.stringify(line, replacer)}\n`);
  }
}

export const logger = new Logger({ serviceName: 'mot-cua' });
