import { EventOrigin } from '@civic/contracts';
import { updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChildParameters } from '../parameters/child-parameters';
import { Reclassification } from './reclassification.service';

const SOURCE = 'social-assistance';

/** What social assistance publishes about one household member that the categories read. */
export interface MemberFacts {
  personRef: string;
  disabilityLevel?: number | null;
  seriousIllness: boolean;
}

/**
 * Facts from social assistance's household events (disability, serious illness, dibao or extreme-poverty
 * status) turned into the situations and flags the category rules read. A member who is a parent gets a
 * parent situation; a member who is a registered child gets the child's own flags.
 */
@Injectable()
export class PersonFacts {
  constructor(
    private readonly reclassification: Reclassification,
    private readonly params: ChildParameters,
  ) {}

  async householdMembers(
    m: EntityManager,
    householdId: string,
    members: MemberFacts[],
    date: string,
    origin: EventOrigin,
  ): Promise<void> {
    // severe = the levels the nursing subsidy covers, the same reading as the policy engine's de-facto-unsupported rule
    const severeUpTo = this.params.number('disability.nursing_subsidy.max_level', date);
    for (const x of members) {
      await m.query(
        `INSERT INTO assistance_household_member (household_id, person_ref) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [householdId, x.personRef],
      );
      const severe = x.disabilityLevel !== undefined && x.disabilityLevel !== null && x.disabilityLevel <= severeUpTo;
      await this.set(m, x.personRef, 'severe-disability', severe, date, origin);
      await this.set(m, x.personRef, 'serious-illness', x.seriousIllness, date, origin);
      const children = await updateReturning<{ child_id: string }>(
        m,
        `UPDATE child SET disabled_or_ill = $2 WHERE person_ref = $1 AND disabled_or_ill <> $2 RETURNING child_id`,
        [x.personRef, severe || x.seriousIllness],
      );
      for (const c of children) await this.reclassification.reclassify(m, c.child_id, date, origin);
    }
    await this.householdPovertyFollows(m, householdId, date, origin);
  }

  /** A household entered or left dibao / extreme poverty: its children's poverty flag follows. */
  async householdPoverty(m: EntityManager, householdId: string, inPoverty: boolean, date: string, origin: EventOrigin) {
    if (inPoverty)
      await m.query(
        `INSERT INTO assistance_household_poverty (household_id, since) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [householdId, date],
      );
    else await m.query(`DELETE FROM assistance_household_poverty WHERE household_id = $1`, [householdId]);
    await this.householdPovertyFollows(m, householdId, date, origin);
  }

  private async householdPovertyFollows(m: EntityManager, householdId: string, date: string, origin: EventOrigin) {
    const changed = await updateReturning<{ child_id: string }>(
      m,
      `UPDATE child c SET household_in_poverty = EXISTS (SELECT 1 FROM assistance_household_poverty WHERE household_id = $1)
       FROM assistance_household_member hm
       WHERE hm.household_id = $1 AND hm.person_ref = c.person_ref
         AND c.household_in_poverty <> EXISTS (SELECT 1 FROM assistance_household_poverty WHERE household_id = $1)
       RETURNING c.child_id`,
      [householdId],
    );
    for (const c of changed) await this.reclassification.reclassify(m, c.child_id, date, origin);
  }

  private async set(
    m: EntityManager,
    personRef: string,
    situation: 'severe-disability' | 'serious-illness',
    holds: boolean,
    date: string,
    origin: EventOrigin,
  ) {
    const known: { recorded_from: string }[] = await m.query(
      `SELECT recorded_from FROM parent_situation WHERE person_ref = $1 AND situation = $2`,
      [personRef, situation],
    );
    if (holds && known.length === 0)
      await this.reclassification.recordSituation(m, personRef, situation, date, SOURCE, origin);
    // only what social assistance itself recorded is withdrawn by it; a hub certificate stays
    if (!holds && known[0]?.recorded_from === SOURCE)
      await this.reclassification.endSituation(m, personRef, situation, date, origin);
  }
}
