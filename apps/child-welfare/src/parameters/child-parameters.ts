import { ParameterValueScheduledV1Payload } from '@civic/contracts';
import { loadParameters, ParameterSet } from '@civic/policy-params';
import { ScheduledParameters } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The dated parameters this service decides with: the files of libs/policy-params, plus (for amounts)
 * the values their owning services scheduled at runtime (ScheduledParameters in libs/platform).
 */
@Injectable()
export class ChildParameters {
  private readonly files = loadParameters();
  private readonly scheduled = new ScheduledParameters(this.files);

  /** The files only: for the values no other service schedules (age-out, deadlines, intervals). */
  current(): ParameterSet {
    return this.files;
  }

  number(key: string, date: string): number {
    return Number(this.files.valueAt(key, date).value);
  }

  /** Files plus every scheduled value received, read in `m`'s transaction. */
  withScheduled(m: EntityManager): Promise<ParameterSet> {
    return this.scheduled.withScheduled(m);
  }

  /** Keeps a scheduled value (false when it is not this service's or could never hold). */
  record(m: EntityManager, v: ParameterValueScheduledV1Payload): Promise<boolean> {
    return this.scheduled.record(m, v);
  }
}
