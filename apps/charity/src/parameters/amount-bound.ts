import { loadParameters } from '@civic/policy-params';
import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';

/** The sane maximum of one booking (parameter charity.ledger.max_entry_fen): 400 naming the field above it. */
@Injectable()
export class AmountBound {
  private readonly parameters = loadParameters();

  check(field: string, amountFen: number, date: string): void {
    const max = Number(this.parameters.valueAt('charity.ledger.max_entry_fen', date).value);
    if (amountFen > max)
      throw ProblemException.invalidField(field, 'at-most-max-entry', `${field} must be at most ${max} fen`);
  }
}
