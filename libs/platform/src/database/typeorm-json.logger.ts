import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * Sends TypeORM's errors, warnings and migration notes to the service's JSON log. Query
 * parameters are never logged: they can hold personal data.
 */
export class TypeOrmJsonLogger implements Logger {
  private readonly logger = new NestLogger('typeorm');

  logQuery() {}
  logQueryError(error: string | Error, query: string) {
    this.logger.error({ msg: `query failed: ${error instanceof Error ? error.message : error}`, query });
  }
  logQuerySlow(time: number, query: string) {
    this.logger.warn({ msg: `slow query (${time} ms)`, query });
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug?.(String(message));
  }
}
