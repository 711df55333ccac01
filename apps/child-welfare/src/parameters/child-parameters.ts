import { loadParameters, ParameterSet } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';

/**
 * The dated parameters this service decides with (libs/policy-params/parameters). Values scheduled at
 * runtime by their owning service (policy.parameter.value-scheduled) are not applied here yet.
 */
@Injectable()
export class ChildParameters {
  private readonly files = loadParameters();

  current(): ParameterSet {
    return this.files;
  }

  number(key: string, date: string): number {
    return Number(this.files.valueAt(key, date).value);
  }
}
