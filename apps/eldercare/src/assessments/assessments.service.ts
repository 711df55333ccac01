import { addMonths } from '@civic/calendar';
import { createEvent, ElderAbilityAssessedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { assertAlive, loadElder } from '../elders/elder-record';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { abilityLevel, AbilityLevel } from '../rules/ability-level';
import { RecordAssessmentDto } from './assessment-input.dto';

export interface Assessment {
  assessmentId: string;
  elderId: string;
  assessedOn: string;
  assessor: string;
  scores: Record<string, number>;
  total: number;
  level: AbilityLevel;
  previousLevel: AbilityLevel | null;
  nextDue: string;
}

const COLUMNS = `assessment_id, elder_id, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on, assessor, scores, total, level, previous_level, to_char(next_due, 'YYYY-MM-DD') AS next_due`;
const assessmentOf = (r: Record<string, any>): Assessment => ({
  assessmentId: r.assessment_id,
  elderId: r.elder_id,
  assessedOn: r.assessed_on,
  assessor: r.assessor,
  scores: r.scores,
  total: r.total,
  level: r.level,
  previousLevel: r.previous_level,
  nextDue: r.next_due,
});

/** Ability assessments (老年人能力评估): every one kept; the latest sets the elder's level and reassessment date. */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
    private readonly allowances: AllowancesService,
  ) {}

  async record(elderId: string, dto: RecordAssessmentDto, user: AuthenticatedUser): Promise<Assessment> {
    const today = this.clock.today();
    if (dto.assessedOn > today)
      throw ProblemException.invalidField(
        'assessedOn',
        'not-in-future',
        `assessedOn ${dto.assessedOn} is after today (${today})`,
      );
    const decision = abilityLevel(dto.scores, this.params.set, dto.assessedOn);
    const interval = this.params.set.countAt('elder.assessment.reassessment_interval_months', dto.assessedOn);
    const nextDue = addMonths(dto.assessedOn, interval);
    return this.dataSource.transaction(async (m) => {
      const elder = await loadElder(m, elderId, true);
      assertInArea(user, elder.town, `elder ${elderId}`);
      assertAlive(elder);
      const [latest] = await m.query(
        `SELECT to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on FROM ability_assessment WHERE elder_id = $1 ORDER BY assessed_on DESC LIMIT 1`,
        [elderId],
      );
      if (latest && latest.assessed_on > dto.assessedOn)
        throw ProblemException.invalidField(
          'assessedOn',
          'after-latest-assessment',
          `assessedOn ${dto.assessedOn} is before the latest assessment (${latest.assessed_on})`,
        );
      const assessmentId = `asm-${randomUUID()}`;
      await m.query(
        `INSERT INTO ability_assessment (assessment_id, elder_id, assessed_on, assessor, scores, total, level, previous_level, next_due)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          assessmentId,
          elderId,
          dto.assessedOn,
          dto.assessor,
          JSON.stringify(dto.scores),
          decision.total,
          decision.level,
          elder.abilityLevel,
          nextDue,
        ],
      );
      await m.query(`UPDATE elder SET ability_level = $2, next_assessment_due = $3 WHERE elder_id = $1`, [
        elderId,
        decision.level,
        nextDue,
      ]);
      await this.outbox.append(
        m,
        createEvent(
          ElderAbilityAssessedV1,
          {
            elderId,
            personRef: elder.personRef,
            town: elder.town,
            assessmentId,
            assessedOn: dto.assessedOn,
            level: decision.level,
            ...(elder.abilityLevel ? { previousLevel: elder.abilityLevel as AbilityLevel } : {}),
            nextAssessmentDue: nextDue,
          },
          requestOrigin(),
        ),
      );
      // the care subsidy's amount depends on the level: decided again on the day the level is known
      if (decision.level !== elder.abilityLevel)
        await this.allowances.redecideCareSubsidy(m, elderId, today, requestOrigin());
      const [row] = await m.query(`SELECT ${COLUMNS} FROM ability_assessment WHERE assessment_id = $1`, [assessmentId]);
      return assessmentOf(row);
    });
  }

  async history(elderId: string, user: AuthenticatedUser): Promise<Assessment[]> {
    const elder = await loadElder(this.dataSource.manager, elderId);
    assertInArea(user, elder.town, `elder ${elderId}`);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ability_assessment WHERE elder_id = $1 ORDER BY assessed_on, recorded_at`,
      [elderId],
    );
    return rows.map(assessmentOf);
  }
}
