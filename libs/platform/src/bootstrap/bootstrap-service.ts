import { DynamicModule, Logger, Module, Type } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { CustomTransportStrategy } from '@nestjs/microservices';
import { BaseServiceConfig, shutdownDrainMs } from '../config/base-service.config';
import { loadConfig } from '../config/load-config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation.pipe';
import { HealthCheck, HealthRegistry, registerHealthChecks } from '../health/health.registry';
import { JsonLogger, nestLogLevels } from '../logging/json.logger';
import { telemetry } from '../telemetry/start-telemetry';
import { createHttpAdapter, installRequestHooks, ServiceApp } from './http-adapter';
import { setupOpenApi } from './openapi';
import { PlatformModule } from './platform.module';

/** How a service is started. */
export interface ServiceOptions<C extends BaseServiceConfig = BaseServiceConfig> {
  /** Service name: log field, OpenAPI title, database application_name. */
  name: string;
  /** The app's validated config class (default BaseServiceConfig). */
  config?: new () => C;
  /** Where settings are read from; defaults to process.env (tests pass their own). */
  env?: Record<string, string | undefined>;
  /** Event consumers, connected after the app is initialised and inheriting its pipes and filters. */
  transports?: (app: ServiceApp) => CustomTransportStrategy[];
  /** Extra readiness checks (e.g. broker and relay from libs/messaging). */
  healthChecks?: (app: ServiceApp) => Record<string, HealthCheck>;
  /** One paragraph for the OpenAPI document. */
  description?: string;
  /** Where the JSON log lines go (default stdout); a test passes a sink that watches for a fatal line. */
  logSink?: (line: string) => void;
}

/** The service root module: platform providers beside the app module, so the app can inject its config. */
@Module({})
class ServiceRootModule {}

/**
 * Everything but listening: config validated (a ConfigError names every bad setting), JSON logs,
 * /api/v1 prefix, problem-details errors, global validation, health, metrics, OpenAPI, auth guard,
 * then `init()` and the consumers. Tests call this and use `app.inject()` or `listen(0)`.
 */
export async function createServiceApp<C extends BaseServiceConfig>(
  AppModule: Type<unknown> | DynamicModule,
  options: ServiceOptions<C>,
): Promise<ServiceApp> {
  const config = loadConfig(options.config ?? (BaseServiceConfig as new () => C), options.env);
  const traced = telemetry.serviceName();
  // main.ts names the service twice (launchService, then here): spans must not claim another service
  if (traced !== undefined && traced !== options.name)
    throw new Error(`telemetry was started as '${traced}' but the service is '${options.name}'`);
  const logger = new JsonLogger(options.name, config.LOG_LEVEL, options.logSink);
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [PlatformModule.forRoot(options.name, config), AppModule],
  };
  const app = await NestFactory.create<ServiceApp>(
    root,
    createHttpAdapter({ bodyLimit: config.HTTP_BODY_LIMIT_BYTES }),
    { logger, abortOnError: false },
  );
  // Nest's static Logger (used by libraries such as libs/messaging for the Kafka client's lines)
  // answers isLevelEnabled from these levels; the instance above already filters by them.
  Logger.overrideLogger(nestLogLevels(config.LOG_LEVEL));
  installRequestHooks(app);
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(HttpAdapterHost).httpAdapter));
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app, options.name, options.description);
  if (options.healthChecks) registerHealthChecks(app.get(HealthRegistry), options.healthChecks(app));
  await app.init();
  for (const strategy of options.transports?.(app) ?? []) {
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  await app.startAllMicroservices();
  return app;
}

/**
 * Starts a service and listens on HOST:PORT. On SIGTERM/SIGINT readiness answers 503 at once while
 * requests are still served for the drain period (SHUTDOWN_DRAIN_MS: endpoints and load balancers
 * stop routing here meanwhile); then consumers stop (their beforeApplicationShutdown hooks),
 * in-flight requests finish, the database closes, and the process exits 0, or 1 when closing takes
 * longer than SHUTDOWN_GRACE_MS. A start-up failure is logged and exits with 1.
 */
export async function bootstrapService<C extends BaseServiceConfig>(
  AppModule: Type<unknown> | DynamicModule,
  options: ServiceOptions<C>,
): Promise<ServiceApp> {
  const fallback = new JsonLogger(options.name);
  try {
    const app = await createServiceApp(AppModule, options);
    const config = app.get(BaseServiceConfig);
    handleShutdownSignals(app, config, fallback);
    await app.listen({ port: config.PORT, host: config.HOST });
    const url = await app.getUrl();
    fallback.log({ msg: `listening on ${url}`, url }, 'bootstrap');
    return app;
  } catch (e) {
    fallback.fatal(e instanceof Error ? e.message : String(e), 'bootstrap');
    process.exit(1);
  }
}

/** SIGTERM/SIGINT: drain (readiness 503, still serving), then close within SHUTDOWN_GRACE_MS; the first signal wins. */
function handleShutdownSignals(app: ServiceApp, config: BaseServiceConfig, logger: JsonLogger): void {
  const drainMs = shutdownDrainMs(config);
  let started = false;
  const shutDown = async (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.log({ msg: `${signal} received; shutting down`, drainMs, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutdown');
    app.get(HealthRegistry).startDraining();
    if (drainMs > 0) {
      logger.log({ msg: 'draining: readiness answers 503, requests are still served', drainMs }, 'shutdown');
      await new Promise((r) => setTimeout(r, drainMs));
    }
    setTimeout(() => {
      logger.fatal(`shutdown did not finish within SHUTDOWN_GRACE_MS=${config.SHUTDOWN_GRACE_MS}; exiting`, 'shutdown');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    await app.close();
    // the spans of the last requests and events, still in the exporter's batch
    await telemetry.flush().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutDown(signal).catch((e) => {
        logger.fatal(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`, 'shutdown');
        process.exit(1);
      });
    });
  }
}
