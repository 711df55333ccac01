import { tracing } from '@civic/contracts';
import { LoggerService, LogLevel } from '@nestjs/common';
import { correlation } from './correlation';
import { redactIdNumbers } from './redact-id-numbers';

/** LOG_LEVEL values, lowest first. */
export type ServiceLogLevel = 'debug' | 'info' | 'warn' | 'error';

const NEST_LEVELS: Record<ServiceLogLevel, LogLevel[]> = {
  debug: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};
/** The Nest log levels a LOG_LEVEL prints. */
export function nestLogLevels(level: ServiceLogLevel): LogLevel[] {
  return NEST_LEVELS[level];
}

const LINE_LEVEL: Record<LogLevel, string> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Nest logger writing one JSON object per line (time, level, service, msg, correlationId, traceId,
 * spanId, context, plus the fields of an object message). Resident ID numbers are redacted from every
 * value of the line.
 */
export class JsonLogger implements LoggerService {
  private enabled: Set<LogLevel>;

  constructor(
    private readonly service: string,
    level: ServiceLogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.enabled = new Set(NEST_LEVELS[level]);
  }

  log(message: unknown, ...rest: unknown[]) {
    this.emit('log', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.emit('fatal', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.emit('error', message, rest);
  }

  setLogLevels(levels: LogLevel[]) {
    this.enabled = new Set(levels);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]) {
    if (!this.enabled.has(level)) return;
    // Nest passes the context last, and for error() a stack before it
    const params = [...rest];
    const context =
      params.length && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: LINE_LEVEL[level],
      service: this.service,
    };
    const correlationId = correlation.current();
    if (correlationId) entry.correlationId = correlationId;
    const trace = tracing.current();
    if (trace) {
      entry.traceId = trace.traceId;
      entry.spanId = trace.spanId;
    }
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = { name: message.name, stack: message.stack };
    } else if (message && typeof message === 'object') {
      Object.assign(entry, message);
      if (entry.msg === undefined) entry.msg = '';
    } else {
      entry.msg = String(message);
    }
    for (const p of params) {
      if (typeof p === 'string' && level === 'error') entry.stack = p;
      else if (p instanceof Error) entry.err = { name: p.name, message: p.message, stack: p.stack };
      else if (p !== undefined) ((entry.extra ??= []) as unknown[]).push(p);
    }
    this.write(safeStringify(entry) + '\n');
  }
}

function safeStringify(entry: Record<string, unknown>): string {
  try {
    // redacted value by value, so the line stays valid JSON whatever the number sat between
    return JSON.stringify(entry, (_k, v) => {
      if (typeof v === 'string') return redactIdNumbers(v);
      if (typeof v === 'bigint') return redactIdNumbers(v.toString());
      // a 15-digit legacy number fits a JSON number; anything else numeric stays a number
      if (typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) >= 1e14) {
        const text = redactIdNumbers(String(v));
        return text === String(v) ? v : text;
      }
      return v;
    });
  } catch {
    return JSON.stringify({
      time: entry.time,
      level: entry.level,
      service: entry.service,
      msg: redactIdNumbers(String(entry.msg)),
      note: 'unserialisable fields dropped',
    });
  }
}
