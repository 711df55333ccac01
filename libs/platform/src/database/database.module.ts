import { DynamicModule, Global, Injectable, Module, OnModuleInit, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { AuditLogTable1764300000000 } from '../audit/audit-log-table.migration';
import { AuditLog } from '../audit/audit-log.service';
import { SERVICE_NAME } from '../bootstrap/service-name';
import { BaseServiceConfig } from '../config/base-service.config';
import { HealthRegistry } from '../health/health.registry';
import { DeferredBeginClient } from './deferred-begin';
import { initializeWithLockedMigrations } from './locked-migrations';
import { serviceConnection } from './session-options';
import { TypeOrmJsonLogger } from './typeorm-json.logger';

/** Entities and migrations a service adds (its own, plus e.g. `messagingEntities` / `messagingMigrations`). */
export interface DatabaseOptions {
  entities?: (Type<unknown> | EntitySchema)[];
  migrations?: Type<MigrationInterface>[];
}

@Injectable()
class DatabaseHealthCheck implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit() {
    this.registry.register('database', async () => {
      await this.dataSource.query('select 1');
      return { ok: true };
    });
  }
}

/**
 * The service's own PostgreSQL database: URL and schema from config, migrations run on start-up
 * under a per-schema advisory lock so replicas starting together take turns (locked-migrations.ts;
 * never `synchronize`), platform's audit log included, readiness check `database` registered.
 */
@Global()
@Module({})
export class DatabaseModule {
  /** Connects with the given entities and migrations besides the platform's own. */
  static forRoot(options: DatabaseOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [BaseServiceConfig, SERVICE_NAME],
          useFactory: (config: BaseServiceConfig, service: string) => {
            const connection = serviceConnection(config.DATABASE_URL, config.DATABASE_SCHEMA);
            return {
              type: 'postgres' as const,
              url: connection.url,
              schema: config.DATABASE_SCHEMA,
              applicationName: service,
              poolSize: config.DATABASE_POOL_SIZE,
              connectTimeoutMS: 10_000,
              // the schema's search_path and JIT off (session-options.ts); a transaction's BEGIN travels
              // with its first statement (deferred-begin.ts)
              extra: { options: connection.options, Client: DeferredBeginClient },
              entities: [AuditLogEntry, ...(options.entities ?? [])],
              migrations: [AuditLogTable1764300000000, ...(options.migrations ?? [])],
              // migrations run at start-up in initializeWithLockedMigrations (dataSourceFactory below),
              // under the schema's advisory lock, not by TypeORM's own unlocked migrationsRun
              migrationsRun: false,
              synchronize: false,
              logger: new TypeOrmJsonLogger(),
              maxQueryExecutionTime: 2_000,
              retryAttempts: 5,
              retryDelay: 2_000,
            };
          },
          dataSourceFactory: (options) => initializeWithLockedMigrations(options!),
        }),
      ],
      providers: [AuditLog, DatabaseHealthCheck],
      exports: [AuditLog],
    };
  }
}
