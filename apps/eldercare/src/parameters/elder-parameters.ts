import { ParameterValueScheduledV1Payload } from '@civic/contracts';
import { loadParameters, ParameterSet } from '@civic/policy-params';
import { ScheduledParameters } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The dated policy values eldercare decides with (libs/policy-params/parameters/elder.yaml). Every
 * look-up takes the business date, so a rule reads the value in force that day. `set` is the files
 * alone (limits, intervals, score bands); allowance amounts are decided with `current(m)`, which adds
 * the values their owning services scheduled at runtime (ScheduledParameters in libs/platform).
 */
@Injectable()
export class ElderParameters {
  readonly set: ParameterSet = loadParameters();
  private readonly scheduled = new ScheduledParameters(this.set);

  /** Files plus every scheduled value received, read in `m`'s transaction. */
  current(m: EntityManager): Promise<ParameterSet> {
    return this.scheduled.withScheduled(m);
  }

  /** Keeps a scheduled value (false when it is not eldercare's or could never hold). */
  record(m: EntityManager, v: ParameterValueScheduledV1Payload): Promise<boolean> {
    return this.scheduled.record(m, v);
  }
}
