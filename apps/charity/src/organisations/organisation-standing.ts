// Whether an organisation may open projects and raise funds from the public on a date (docs/domain.md
// §4; plan 三（四）3): a black-listed organisation (grassroots governance's credit list) opens nothing;
// public fundraising needs the qualification (公开募捐资格) in force that day.

export interface OrganisationStanding {
  fundraisingFrom: string | null;
  fundraisingUntil: string | null;
  blackListed: boolean;
}

/** A refusal names the request field it concerns and the rule broken. */
export interface StandingRefusal {
  field: string;
  rule: string;
  message: string;
}

export function qualifiedOn(o: OrganisationStanding, date: string): boolean {
  return !!o.fundraisingFrom && !!o.fundraisingUntil && o.fundraisingFrom <= date && date <= o.fundraisingUntil;
}

/** Why the organisation may not open a project (publicly raised or not) on `date`, or undefined. */
export function projectRefusal(
  o: OrganisationStanding,
  publicFundraising: boolean,
  date: string,
): StandingRefusal | undefined {
  if (o.blackListed)
    return {
      field: 'organisationId',
      rule: 'not-black-listed',
      message: 'organisationId: the organisation is on the credit black list and cannot open projects',
    };
  if (publicFundraising && !qualifiedOn(o, date))
    return {
      field: 'publicFundraising',
      rule: 'qualification-valid',
      message: `publicFundraising: the organisation holds no public-fundraising qualification valid on ${date}`,
    };
  return undefined;
}
