import { loadParameters, ParameterSet } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';

/**
 * The dated policy values eldercare decides with (libs/policy-params/parameters/elder.yaml). Every
 * look-up takes the business date, so a rule reads the value in force that day.
 */
@Injectable()
export class ElderParameters {
  readonly set: ParameterSet = loadParameters();
}
