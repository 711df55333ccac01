import { CreditListChangedV1Payload, SocialOrganisationRegisteredV1Payload } from '@civic/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Grassroots governance's view of social organisations, kept as far as charity needs it: credit code
 * and credit list. Its organisation ids are its own, so the match with a charitable organisation is
 * by credit code (organisations/organisations.service.ts). Governance keys both events by its
 * organisation id, so they arrive in order; either may create the row.
 */
@Injectable()
export class GovernanceCredit {
  async registered(m: EntityManager, d: SocialOrganisationRegisteredV1Payload): Promise<void> {
    await m.query(
      `INSERT INTO governance_credit (governance_organisation_id, credit_code) VALUES ($1, $2)
       ON CONFLICT (governance_organisation_id) DO UPDATE SET credit_code = EXCLUDED.credit_code, updated_at = now()`,
      [d.organisationId, d.creditCode ?? null],
    );
  }

  async listChanged(m: EntityManager, d: CreditListChangedV1Payload): Promise<void> {
    await m.query(
      `INSERT INTO governance_credit (governance_organisation_id, list, list_from) VALUES ($1, $2, $3)
       ON CONFLICT (governance_organisation_id) DO UPDATE SET list = EXCLUDED.list, list_from = EXCLUDED.list_from, updated_at = now()`,
      [d.organisationId, d.list, d.effectiveFrom],
    );
  }
}
