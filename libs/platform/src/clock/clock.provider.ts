import { Provider } from '@nestjs/common';
import { BaseServiceConfig } from '../config/base-service.config';
import { Clock, SystemClock } from './clock';
import { DevClockController } from './dev-clock.controller';
import { MovableClock } from './dev-clock';

/** True when this process may have its clock moved over REST: never in production; DEV_CLOCK (default enabled) elsewhere. */
export function devClockEnabled(config: Pick<BaseServiceConfig, 'NODE_ENV' | 'DEV_CLOCK'>): boolean {
  return config.NODE_ENV !== 'production' && (config.DEV_CLOCK ?? 'enabled') === 'enabled';
}

/** The process's one Clock and, on a development system, the route that moves it. */
export function clockWiring(config: BaseServiceConfig): {
  providers: Provider[];
  controllers: (typeof DevClockController)[];
} {
  if (!devClockEnabled(config))
    return { providers: [{ provide: Clock, useValue: new SystemClock() }], controllers: [] };
  return { providers: [{ provide: Clock, useValue: new MovableClock() }], controllers: [DevClockController] };
}
