import { ApiProperty } from '@nestjs/swagger';
import { DailyRunOutcome } from './daily-run.service';

class HighAgeOutcome {
  @ApiProperty() granted: number;
  @ApiProperty({ description: 'grants moved to a higher age band' }) rebanded: number;
}

/** What one daily run did (daily-run.service.ts DailyRunOutcome). */
export class DailyRunResponse implements DailyRunOutcome {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: HighAgeOutcome }) highAge: HighAgeOutcome;
  @ApiProperty({ description: 'grants decided again because a parameter value took effect' }) repriced: number;
  @ApiProperty() careSubsidiesStopped: number;
  @ApiProperty() visitTasksCreated: number;
  @ApiProperty() visitsOverdue: number;
}
