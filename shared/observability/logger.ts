import type { Context } from 'aws-lambda';

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

export class Logger {
  private threshold: number;
  private readonly service: string;
  private invocation: Record<string, unknown> = {};
  private keys: Record<string, unknown> = {};
  private coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency';

  constructor(defaults: { serviceName: string }) {
    const { env } = process;
    this.service = env.POWERTOOLS_SERVICE_NAME || defaults.serviceName;
    this.threshold = LEVELS[levelOf(env.AWS_LAMBDA_LOG_LEVEL) ?? levelOf(env.POWERTOOLS_LOG_LEVEL) ?? levelOf(env.LOG_LEVEL) ?? 'INFO'];
  }

  setLogLevel(level: LogLevel): void {
    this.threshold = LEVELS[level];
  }

  /** The invocation every line carries until the next one: function, request id, cold start. */
  addContext(context: Context | undefined): void {
    this.invocation = {
      cold_start: this.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context ? Number(context.memoryLimitInMB) : undefined,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
    };
    this.coldStart = false;
  }

  /** Fields on every line of this invocation, dropped by resetKeys. */
  appendKeys(keys: Record<string, unknown>): void {
    Object.assign(this.keys, keys);
  }

  resetKeys(): void {
    this.keys = {};
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

  private write(level: Exclude<LogLevel, 'SILENT'>, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.invocation,
      xray_trace_id: process.env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', ''),
      ...this.keys,
      ...fields,
    };
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${JSON.stringify(line, replacer)}\n`);
  }
}

export const logger = new Logger({ serviceName: 'mot-cua' });
