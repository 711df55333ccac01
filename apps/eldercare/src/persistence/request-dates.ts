import { ProblemException } from '@civic/platform';

/** 400 naming `field` and the rule not-in-future when the business date `date` is after `today`. */
export function assertNotFuture(field: string, date: string, today: string): void {
  if (date > today)
    throw ProblemException.invalidField(field, 'not-in-future', `${field} ${date} is after today (${today})`);
}
