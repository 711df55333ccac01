// A minimal service started as a child process by src/shutdown.int-spec.ts: a slow route, and a
// stand-in consumer whose beforeApplicationShutdown stops (or, with HANG_ON_SHUTDOWN=yes, never does).
import { BeforeApplicationShutdown, Controller, Get, Injectable, Logger, Module } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { BaseServiceConfig } from '../src/config/base-service.config';
import { bootstrapService } from '../src/bootstrap/bootstrap-service';
import { Public } from '../src/auth/public.decorator';

class FixtureConfig extends BaseServiceConfig {
  @IsIn(['yes', 'no'])
  HANG_ON_SHUTDOWN: 'yes' | 'no' = 'no';
}

@Injectable()
class StandInConsumer implements BeforeApplicationShutdown {
  constructor(private readonly config: FixtureConfig) {}

  async beforeApplicationShutdown() {
    new Logger('consumer').warn('consumer stopping');
    if (this.config.HANG_ON_SHUTDOWN === 'yes') await new Promise(() => undefined);
    new Logger('consumer').warn('consumer stopped');
  }
}

@Public()
@Controller('slow')
class SlowController {
  @Get()
  async slow() {
    new Logger('slow').warn('slow request started');
    await new Promise((r) => setTimeout(r, 1500));
    return { finished: true };
  }
}

@Module({ controllers: [SlowController], providers: [StandInConsumer] })
class FixtureModule {}

void bootstrapService(FixtureModule, { name: 'shutdown-fixture', config: FixtureConfig });
