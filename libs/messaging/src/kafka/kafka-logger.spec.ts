import { Logger, LoggerService, LogLevel } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLevel } from './kafka-logger';

// kafkajs's lines go through the app's logger (Nest's static Logger, which libs/platform points at
// its JSON logger and LOG_LEVEL), so here a recording logger stands in for it.
describe('the Kafka client log', () => {
  let lines: Record<string, unknown>[];
  const levels: Record<string, LogLevel[]> = {
    debug: ['debug', 'log', 'warn', 'error', 'fatal'],
    info: ['log', 'warn', 'error', 'fatal'],
    warn: ['warn', 'error', 'fatal'],
    error: ['error', 'fatal'],
  };
  const record =
    (level: string) =>
    (message: unknown, context?: string): void => {
      lines.push({ level, context, ...(message as object) });
    };
  const recorder: LoggerService = {
    log: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    verbose: record('trace'),
  };
  const useLogLevel = (level: 'debug' | 'info' | 'warn' | 'error') => {
    lines = [];
    Logger.overrideLogger(recorder);
    Logger.overrideLogger(levels[level]);
  };
  const log = kafkaLogCreator(logLevel.DEBUG);
  const entry = (level: logLevel, extra: Record<string, unknown> = {}) =>
    log({ namespace: 'Consumer', level, label: '', log: { timestamp: 't', message: 'm', ...extra } });
  afterAll(() => Logger.overrideLogger(false as never));

  it('asks kafkajs for as much as LOG_LEVEL prints', () => {
    useLogLevel('debug');
    expect(kafkaLogLevel()).toBe(logLevel.DEBUG);
    useLogLevel('info');
    expect(kafkaLogLevel()).toBe(logLevel.INFO);
    useLogLevel('warn');
    expect(kafkaLogLevel()).toBe(logLevel.WARN);
    useLogLevel('error');
    expect(kafkaLogLevel()).toBe(logLevel.ERROR);
  });

  it('writes a message and the client fields under `kafka`, in the `kafka` context', () => {
    useLogLevel('debug');
    entry(logLevel.DEBUG, { groupId: 'g' });
    expect(lines).toEqual([
      { level: 'debug', context: 'kafka', msg: 'm', kafka: { namespace: 'Consumer', groupId: 'g' } },
    ]);
  });

  it('reports a failure kafkajs retries as a warning, and one it gives up on as an error', () => {
    useLogLevel('info');
    entry(logLevel.ERROR, { retryCount: 1, retryTime: 300 });
    entry(logLevel.ERROR, { error: 'The coordinator is not available', retriable: true });
    entry(logLevel.ERROR, { error: 'Crash' });
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
  });

  it('keeps the per-producer warnings about deliberate settings at debug', () => {
    useLogLevel('debug');
    entry(logLevel.WARN, { message: 'KafkaJS v2.0.0 switched default partitioner. To retain ...' });
    entry(logLevel.WARN, { message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' });
    entry(logLevel.WARN, { message: 'Connection timeout' });
    expect(lines.map((l) => l.level)).toEqual(['debug', 'debug', 'warn']);
  });

  it('keeps the error responses the client heals itself (leader moved, coordinator not ready) at debug', () => {
    useLogLevel('debug');
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: '',
      log: {
        timestamp: 't',
        message: 'Response ListOffsets(key: 2, version: 3)',
        error: 'This server is not the leader for that topic-partition',
      },
    });
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: '',
      log: {
        timestamp: 't',
        message: 'Response Produce(key: 0, version: 7)',
        error: 'The request included a message larger than the max message size',
      },
    });
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: '',
      log: {
        timestamp: 't',
        message: 'Response Metadata(key: 3, version: 6)',
        error: 'This server does not host this topic-partition',
      },
    });
    expect(lines.map((l) => l.level)).toEqual(['debug', 'error', 'debug']);
  });
});
