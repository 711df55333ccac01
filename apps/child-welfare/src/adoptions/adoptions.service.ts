import { KnownDivisions } from '@civic/divisions';
import { ageOn } from '@civic/calendar';
import { ChildAdoptionRegisteredV1, createEvent } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  AuditLog,
  AuthenticatedUser,
  Clock,
  ProblemException,
  ResidentIdentity,
  ResidentIds,
  updateReturning,
} from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Reclassification } from '../classification/reclassification.service';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { AdoptionRow, loadAdoption } from './adoption-row';
import { ApplyAdoptionDto, AssessAdoptionDto } from './adoption-input.dto';

/**
 * Adoption registration with its assessment step (plan 三(三)1: 全面推进实施收养评估制度): applied →
 * assessed suitable or unsuitable → registered. Registration makes the adopters the child's parents here
 * (a registered child is re-classified from them) and tells the hub and the policy engine by event.
 */
@Injectable()
export class AdoptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ids: ResidentIds,
    private readonly params: ChildParameters,
    private readonly reclassification: Reclassification,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async apply(dto: ApplyAdoptionDto, user: AuthenticatedUser): Promise<AdoptionRow> {
    assertInArea(user, dto.town, 'the adoption');
    await this.divisions.assertTown('town', dto.town);
    const today = this.clock.today();
    const child = this.ids.identify(dto.childIdNumber, 'childIdNumber');
    const ageOut = this.params.number('child.age_out', today);
    if (ageOn(child.id.birthDate, today) >= ageOut)
      throw ProblemException.invalidField('childIdNumber', 'under-age-out', `childIdNumber: not under ${ageOut}`);
    const minAge = this.params.number('child.adoption.adopter_min_age', today);
    const adopters = dto.adopters.map((a, i) => {
      const field = `adopters[${i}].idNumber`;
      const id = this.ids.identify(a.idNumber, field);
      if (id.personRef === child.personRef)
        throw ProblemException.invalidField(field, 'not-the-child', `${field}: the child cannot adopt themself`);
      if (ageOn(id.id.birthDate, today) < minAge)
        throw ProblemException.invalidField(
          field,
          'adopter-min-age',
          `${field}: an adopter must be at least ${minAge} (child.adoption.adopter_min_age)`,
        );
      return id;
    });
    const mother = adopters.filter((a) => a.id.sex === 'female');
    const father = adopters.filter((a) => a.id.sex === 'male');
    if (mother.length > 1 || father.length > 1)
      throw ProblemException.invalidField(
        'adopters',
        'one-woman-one-man',
        'adopters: two adopters are a woman and a man',
      );
    const adoptionId = `adopt-${randomUUID()}`;
    return this.dataSource.transaction(async (m) => {
      for (const p of [child, ...adopters]) await this.remember(m, p);
      await m.query(
        `INSERT INTO adoption (adoption_id, child_ref, child_masked_id, town, adoptive_mother_ref, adoptive_father_ref, status, applied_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'assessment', $7)`,
        [
          adoptionId,
          child.personRef,
          child.maskedId,
          dto.town,
          mother[0]?.personRef ?? null,
          father[0]?.personRef ?? null,
          user.sub,
        ],
      );
      return loadAdoption(m, adoptionId);
    });
  }

  async get(adoptionId: string, user: AuthenticatedUser): Promise<AdoptionRow> {
    const a = await loadAdoption(this.dataSource.manager, adoptionId);
    assertInArea(user, a.town, `adoption ${adoptionId}`);
    return a;
  }

  async assess(adoptionId: string, dto: AssessAdoptionDto, user: AuthenticatedUser): Promise<AdoptionRow> {
    return this.dataSource.transaction(async (m) => {
      const a = await this.locked(m, adoptionId, user, 'assessment');
      await m.query(`UPDATE adoption SET status = $2, assessment_note = $3, assessed_by = $4 WHERE adoption_id = $1`, [
        a.adoptionId,
        dto.outcome,
        dto.note,
        user.sub,
      ]);
      await this.audit.append(m, {
        actor: user.sub,
        action: 'adoption.assess',
        objectType: 'adoption',
        objectId: adoptionId,
        detail: { outcome: dto.outcome },
      });
      return loadAdoption(m, adoptionId);
    });
  }

  /** Registers a suitably assessed adoption; a child registered here takes the adopters as parents. */
  async register(adoptionId: string, user: AuthenticatedUser): Promise<AdoptionRow> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      const a = await this.locked(m, adoptionId, user, 'suitable');
      if (a.assessedBy === user.sub)
        throw ProblemException.conflict('the assessor cannot also register the adoption', { currentState: a.status });
      await m.query(`UPDATE adoption SET status = 'registered', registered_on = $2 WHERE adoption_id = $1`, [
        adoptionId,
        today,
      ]);
      const origin = requestOrigin();
      const children = await updateReturning<{ child_id: string }>(
        m,
        `UPDATE child SET mother_ref = $2, father_ref = $3 WHERE person_ref = $1 AND status = 'active' RETURNING child_id`,
        [a.childRef, a.adoptiveMotherRef, a.adoptiveFatherRef],
      );
      for (const c of children) await this.reclassification.reclassify(m, c.child_id, today, origin);
      await this.outbox.append(
        m,
        createEvent(
          ChildAdoptionRegisteredV1,
          {
            adoptionId,
            personRef: a.childRef,
            town: a.town,
            ...(a.adoptiveMotherRef ? { adoptiveMotherPersonRef: a.adoptiveMotherRef } : {}),
            ...(a.adoptiveFatherRef ? { adoptiveFatherPersonRef: a.adoptiveFatherRef } : {}),
            registeredOn: today,
          },
          origin,
        ),
      );
      return loadAdoption(m, adoptionId);
    });
  }

  private async locked(m: EntityManager, adoptionId: string, user: AuthenticatedUser, needs: AdoptionRow['status']) {
    const a = await loadAdoption(m, adoptionId, true);
    assertInArea(user, a.town, `adoption ${adoptionId}`);
    if (a.status !== needs)
      throw ProblemException.conflict(`adoption ${adoptionId} is ${a.status}; this step needs ${needs}`, {
        currentState: a.status,
      });
    return a;
  }

  private async remember(m: EntityManager, id: ResidentIdentity) {
    await m.query(
      `INSERT INTO person (person_ref, masked_id, id_number_encrypted) VALUES ($1, $2, $3) ON CONFLICT (person_ref) DO NOTHING`,
      [id.personRef, id.maskedId, id.encrypted],
    );
  }
}
