import { KnownDivisions } from '@civic/divisions';
import { createEvent, CrowdfundingOpenedV1, ProjectLaunchedV1Payload } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, ProblemException, ResidentIds } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { refuseIfDead } from '../persistence/person-death';
import { conflictOn } from '../persistence/problems';
import { ProjectsService } from '../projects/projects.service';
import { OpenCrowdfundingDto, VerifyCostDto } from './crowdfunding-input.dto';

const PROJECT_KIND: Record<OpenCrowdfundingDto['purpose'], ProjectLaunchedV1Payload['kind']> = {
  'major-illness': 'major-illness',
  accident: 'general',
  education: 'education',
  disaster: 'disaster',
  other: 'general',
};

/**
 * Illness crowdfunding (红心筹, docs/domain.md §4): a campaign for one person with the verified cost
 * and a target, raised through its own project and public ledger (progress = money raised there).
 * Opening one publishes charity.crowdfunding.opened, which the policy engine counts as the person's
 * rigid medical spending (expenditure-type hardship; apps/policy-engine/src/rules/rule-helpers.ts).
 */
@Injectable()
export class CrowdfundingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly ids: ResidentIds,
    private readonly projects: ProjectsService,
    private readonly bound: AmountBound,
    private readonly divisions: KnownDivisions,
  ) {}

  async open(dto: OpenCrowdfundingDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the campaign');
    await this.divisions.assertTown('town', dto.town);
    const today = this.clock.today();
    const person = this.ids.identify(dto.idNumber, 'idNumber');
    this.bound.check('declaredCostFen', dto.declaredCostFen, today);
    if (dto.targetFen > dto.declaredCostFen)
      throw ProblemException.invalidField(
        'targetFen',
        'at-most-declared-cost',
        'targetFen must not exceed declaredCostFen: a campaign raises no more than the cost',
      );
    if (dto.endsOn !== undefined && dto.endsOn < today)
      throw ProblemException.invalidField('endsOn', 'not-in-past', 'endsOn must not be before today');
    const campaignId = `cf-${randomUUID()}`;
    return this.dataSource.transaction(async (m) => {
      await refuseIfDead(m, person.personRef, 'idNumber');
      const project = await this.projects.open(
        m,
        {
          organisationId: dto.organisationId,
          // public text: generated here so no name of the person helped can reach it
          title: `Crowdfunding (红心筹) ${campaignId}`,
          kind: PROJECT_KIND[dto.purpose],
          town: dto.town,
          beneficiaryCriteria: `One person's ${dto.purpose} costs, verified by the organisation`,
          targetFen: dto.targetFen,
          endsOn: dto.endsOn,
          publicFundraising: true,
        },
        today,
        user.sub,
      );
      await m.query(
        `INSERT INTO crowdfunding_campaign (campaign_id, project_id, organisation_id, person_ref, masked_id, id_number_encrypted, town, purpose, declared_cost_fen, target_fen, opened_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          campaignId,
          project.projectId,
          dto.organisationId,
          person.personRef,
          person.maskedId,
          person.encrypted,
          dto.town,
          dto.purpose,
          dto.declaredCostFen,
          dto.targetFen,
          today,
          user.sub,
        ],
      );
      await this.outbox.append(
        m,
        createEvent(
          CrowdfundingOpenedV1,
          {
            campaignId,
            organisationId: dto.organisationId,
            personRef: person.personRef,
            town: dto.town,
            purpose: dto.purpose,
            declaredCostFen: dto.declaredCostFen,
            targetFen: dto.targetFen,
            openedOn: today,
          },
          requestOrigin(),
        ),
      );
      return this.load(m, campaignId);
    });
  }

  /** A reviewer checks the bills behind the declared cost; once, and the target must stay within it. */
  async verify(id: string, dto: VerifyCostDto, user: AuthenticatedUser) {
    this.bound.check('verifiedCostFen', dto.verifiedCostFen, this.clock.today());
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT town FROM crowdfunding_campaign WHERE campaign_id = $1 FOR UPDATE`, [id]);
      if (!row) throw ProblemException.notFound('campaign', id);
      assertInArea(user, row.town, `campaign ${id}`);
      const c = await this.load(m, id);
      if (c.verifiedCostFen !== null)
        throw conflictOn('campaignId', 'verified-once', `campaign ${id} is already verified`);
      if (dto.verifiedCostFen < c.targetFen)
        throw ProblemException.invalidField(
          'verifiedCostFen',
          'at-least-target',
          'verifiedCostFen is below the campaign target: close the campaign or open one with a lower target',
        );
      await m.query(`UPDATE crowdfunding_campaign SET verified_cost_fen = $2 WHERE campaign_id = $1`, [
        id,
        dto.verifiedCostFen,
      ]);
      return this.load(m, id);
    });
  }

  async get(id: string, user: AuthenticatedUser) {
    const c = await this.load(this.dataSource.manager, id);
    assertInArea(user, c.town, `campaign ${id}`);
    return c;
  }

  /** The campaign with its progress (money raised on its project); the person by personRef and masked ID only. */
  private async load(m: EntityManager, id: string) {
    const [c] = await m.query(
      `SELECT *, to_char(opened_on, 'YYYY-MM-DD') AS opened FROM crowdfunding_campaign WHERE campaign_id = $1`,
      [id],
    );
    if (!c) throw ProblemException.notFound('campaign', id);
    const project = await this.projects.load(m, c.project_id);
    return {
      campaignId: c.campaign_id,
      projectId: c.project_id,
      organisationId: c.organisation_id,
      personRef: c.person_ref,
      maskedId: c.masked_id,
      town: c.town,
      purpose: c.purpose,
      declaredCostFen: Number(c.declared_cost_fen),
      verifiedCostFen: c.verified_cost_fen === null ? null : Number(c.verified_cost_fen),
      targetFen: Number(c.target_fen),
      openedOn: c.opened,
      raisedFen: project.raisedFen,
      progress: Math.min(1, project.raisedFen / Number(c.target_fen)),
    };
  }
}
