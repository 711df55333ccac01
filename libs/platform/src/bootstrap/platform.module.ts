import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createTokenVerifier } from '../auth/access-token';
import { JwtAuthGuard, TOKEN_VERIFIER } from '../auth/jwt-auth.guard';
import { clockWiring } from '../clock/clock.provider';
import { Clock } from '../clock/clock';
import { BaseServiceConfig } from '../config/base-service.config';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health.registry';
import { MetricsController } from '../metrics/metrics.controller';
import { SERVICE_NAME } from './service-name';

/**
 * What every service gets, imported by the bootstrap beside the app module: its validated config
 * (injectable as BaseServiceConfig and as the app's own class), the service name, the health
 * registry, health and metrics routes, the global bearer-token guard, and the business `Clock`
 * (movable over /api/v1/dev/clock outside production: libs/platform/src/clock/clock.provider.ts).
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(name: string, config: BaseServiceConfig): DynamicModule {
    const configProviders = [{ provide: BaseServiceConfig, useValue: config }];
    if (config.constructor !== BaseServiceConfig)
      configProviders.push({ provide: config.constructor as typeof BaseServiceConfig, useValue: config });
    const clock = clockWiring(config);
    return {
      module: PlatformModule,
      controllers: [HealthController, MetricsController, ...clock.controllers],
      providers: [
        ...configProviders,
        ...clock.providers,
        { provide: SERVICE_NAME, useValue: name },
        HealthRegistry,
        { provide: TOKEN_VERIFIER, useFactory: () => createTokenVerifier(config) },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [...configProviders.map((p) => p.provide), SERVICE_NAME, HealthRegistry, Clock],
    };
  }
}
