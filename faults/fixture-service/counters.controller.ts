import { Outbox } from '@civic/messaging';
import { Public } from '@civic/platform';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { createEvent } from '@civic/contracts';
import { Fault, FAULT_COUNTER_TOPIC, faultCounterIncrementedV1, FAULTS } from './counter-incremented.event';

class IncrementDto {
  @IsOptional() @IsIn(FAULTS) fault?: Fault;
}

/**
 * The command side of a department service in miniature: one transaction saves the state row
 * and appends its event to the outbox. Public because the fixture only ever runs inside the
 * fault suite and the benchmarks, never deployed.
 */
@Controller('counters')
export class CountersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  @Public()
  @Post(':id/increments')
  @HttpCode(201)
  async increment(@Param('id') id: string, @Body() body: IncrementDto): Promise<{ eventId: string; seq: number }> {
    return this.dataSource.transaction(async (m) => {
      // the row lock serialises writers of one counter, so id order is commit order per counter
      const [{ seq }] = await m.query(
        `INSERT INTO fault_counter (counter_id, seq) VALUES ($1, 1) ON CONFLICT (counter_id) DO UPDATE SET seq = fault_counter.seq + 1 RETURNING seq`,
        [id],
      );
      const event = createEvent(
        faultCounterIncrementedV1,
        { counterId: id, seq, ...(body.fault ? { fault: body.fault } : {}) },
        { source: '/civic/fault-fixture', subject: id },
      );
      await this.outbox.append(m, event, FAULT_COUNTER_TOPIC);
      return { eventId: event.id, seq };
    });
  }
}
