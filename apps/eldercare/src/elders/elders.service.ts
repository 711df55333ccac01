import { KnownDivisions } from '@civic/divisions';
import { ageOn } from '@civic/calendar';
import { createEvent, ElderRegisteredV1, ElderSituationChangedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, ResidentIds } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { assertAlive, Elder, ELDER_COLUMNS, elderOf, loadElder, registeredPayload } from './elder-record';
import { needsMonthlyVisit } from '../rules/visit-tasks';
import { ElderListQueryDto, RegisterElderDto, UpdateElderDto } from './elder-input.dto';

/** The elder register (docs/domain.md §2): 60+ from a validated resident ID, one record per person. */
@Injectable()
export class EldersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ids: ResidentIds,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterElderDto, user: AuthenticatedUser): Promise<Elder> {
    assertInArea(user, dto.town, 'the elder');
    await this.divisions.assertTown('town', dto.town);
    await this.divisions.assertVillage('village', dto.village, dto.town);
    const identity = this.ids.identify(dto.idNumber, 'idNumber');
    const today = this.clock.today();
    const minAge = this.params.set.valueAt('elder.min_age', today);
    if (identity.id.birthDate > today || ageOn(identity.id.birthDate, today) < (minAge.value as number))
      throw ProblemException.invalidField(
        'idNumber',
        'elder.min-age',
        `idNumber: the person is under ${minAge.value} on ${today} (elder.min_age from ${minAge.effectiveFrom})`,
      );
    const elderId = `elder-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO elder (elder_id, person_ref, id_number_encrypted, masked_id, birth_date, sex, town, village, living_situation, economic_status, contacts, social_worker, registered_by, registered_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            elderId,
            identity.personRef,
            identity.encrypted,
            identity.maskedId,
            identity.id.birthDate,
            identity.id.sex,
            dto.town,
            dto.village,
            [...new Set(dto.livingSituation)],
            dto.economicStatus ?? 'none',
            JSON.stringify(dto.contacts ?? []),
            dto.socialWorker ?? null,
            user.sub,
            today,
          ],
        );
        const elder = await loadElder(m, elderId);
        await this.outbox.append(m, createEvent(ElderRegisteredV1, registeredPayload(elder), requestOrigin()));
        return elder;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'elder_person_ref_key')) {
        const [existing] = await this.dataSource.query(`SELECT elder_id FROM elder WHERE person_ref = $1`, [
          identity.personRef,
        ]);
        throw ProblemException.conflict(`idNumber: this person is already registered as ${existing?.elder_id}`, {
          field: 'idNumber',
          rule: 'elder.one-per-person',
          elderId: existing?.elder_id,
        });
      }
      throw e;
    }
  }

  /** Changes living situation, contacts or social worker; a living-situation change is published. */
  async update(elderId: string, dto: UpdateElderDto, user: AuthenticatedUser): Promise<Elder> {
    return this.dataSource.transaction(async (m) => {
      const before = await loadElder(m, elderId, true);
      assertInArea(user, before.town, `elder ${elderId}`);
      assertAlive(before);
      const situation = dto.livingSituation ? [...new Set(dto.livingSituation)] : before.livingSituation;
      await m.query(`UPDATE elder SET living_situation = $2, contacts = $3, social_worker = $4 WHERE elder_id = $1`, [
        elderId,
        situation,
        JSON.stringify(dto.contacts ?? before.contacts),
        dto.socialWorker ?? before.socialWorker,
      ]);
      const after = await loadElder(m, elderId);
      if ([...situation].sort().join() !== [...before.livingSituation].sort().join())
        await this.outbox.append(
          m,
          createEvent(
            ElderSituationChangedV1,
            {
              elderId,
              personRef: after.personRef,
              town: after.town,
              livingSituation: after.livingSituation,
              monthlyVisitRequired: needsMonthlyVisit(after),
              changedOn: this.clock.today(),
            },
            requestOrigin(),
          ),
        );
      return after;
    });
  }

  async get(elderId: string, user: AuthenticatedUser): Promise<Elder> {
    const e = await loadElder(this.dataSource.manager, elderId);
    assertInArea(user, e.town, `elder ${elderId}`);
    return e;
  }

  list(q: ElderListQueryDto, user: AuthenticatedUser): Promise<Page<Elder>> {
    const f = new Filters()
      .eq('town', q.town)
      .eq('status', q.status)
      .eq('person_ref', q.personRef)
      .cond((p) => `${p} = ANY(living_situation)`, q.livingSituation)
      .towns('town', user);
    return pageOf(this.dataSource.manager, ELDER_COLUMNS, 'elder', f, 'registered_at, elder_id', q, elderOf);
  }
}
