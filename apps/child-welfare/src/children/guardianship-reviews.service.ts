import { addMonths } from '@civic/calendar';
import { ChildGuardianshipReviewedV1, createEvent } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuditLog, AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea } from '../persistence/area';
import { loadChild } from '../persistence/child-row';
import { requestOrigin } from '../persistence/event-origin';
import { GuardianshipReviewDto } from './child-input.dto';
import { ChildrenService } from './children.service';

export interface GuardianshipReview {
  reviewId: string;
  childId: string;
  outcome: GuardianshipReviewDto['outcome'];
  reviewedOn: string;
  reviewedBy: string;
  note: string;
  guardianship: string;
  guardianPersonRef: string | null;
  nextReviewDue: string;
}

const COLUMNS = `review_id AS "reviewId", child_id AS "childId", outcome, to_char(reviewed_on, 'YYYY-MM-DD') AS "reviewedOn",
  reviewed_by AS "reviewedBy", note, guardianship, guardian_ref AS "guardianPersonRef",
  to_char(next_review_due, 'YYYY-MM-DD') AS "nextReviewDue"`;

const STATE_GUARDIANSHIPS = new Set(['temporary-state', 'long-term-state']);

/**
 * Reviews of a guardianship arrangement (docs/domain.md §3, "Guardianship reviews"): the reviewer records the
 * outcome on the day of the review. Guardian fit: the arrangement continues. Guardian unfit: the bureau
 * takes temporary guardianship from that day. Change of guardian: the new arrangement from that day. In
 * each case the next review is due `child.guardianship.review_interval_months` (in force on the review
 * date) after it. One transaction: the review row, the arrangement, the audit entry and the events.
 */
@Injectable()
export class GuardianshipReviews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly children: ChildrenService,
    private readonly outbox: Outbox,
    private readonly params: ChildParameters,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async record(childId: string, dto: GuardianshipReviewDto, user: AuthenticatedUser): Promise<GuardianshipReview> {
    const today = this.clock.today();
    if (dto.reviewedOn > today)
      throw ProblemException.invalidField(
        'reviewedOn',
        'not-in-future',
        `reviewedOn: ${dto.reviewedOn} is after today`,
      );
    const change = dto.outcome === 'change-guardian';
    if (!change && dto.guardianship !== undefined)
      throw ProblemException.invalidField(
        'guardianship',
        'only-with-change-guardian',
        'guardianship: a new arrangement is given only with the outcome change-guardian',
      );
    if (!change && dto.guardian !== undefined)
      throw ProblemException.invalidField(
        'guardian',
        'only-with-change-guardian',
        'guardian: a new guardian is given only with the outcome change-guardian',
      );
    if (change && dto.guardianship === undefined)
      throw ProblemException.invalidField('guardianship', 'required', 'guardianship: required for change-guardian');

    return this.dataSource.transaction(async (m) => {
      const child = await this.children.inCare(m, childId, user);
      if (child.guardianshipReviewDue === null)
        throw ProblemException.conflict(`child ${childId} has no guardianship arrangement under review`, {
          currentState: child.guardianship,
        });
      if (dto.outcome === 'guardian-unfit' && STATE_GUARDIANSHIPS.has(child.guardianship))
        throw ProblemException.invalidField(
          'outcome',
          'person-guardian-only',
          `outcome: guardian-unfit concerns a person guardian; the bureau is the guardian (${child.guardianship})`,
        );
      const [bounds]: { since: string | null; last: string | null }[] = await m.query(
        `SELECT (SELECT to_char(max(effective_from), 'YYYY-MM-DD') FROM guardianship_change WHERE child_id = $1) AS since,
                (SELECT to_char(max(reviewed_on), 'YYYY-MM-DD') FROM guardianship_review WHERE child_id = $1) AS last`,
        [childId],
      );
      if (bounds.since !== null && dto.reviewedOn < bounds.since)
        throw ProblemException.invalidField(
          'reviewedOn',
          'not-before-arrangement',
          `reviewedOn: the arrangement under review began on ${bounds.since}`,
        );
      if (bounds.last !== null && dto.reviewedOn < bounds.last)
        throw ProblemException.invalidField(
          'reviewedOn',
          'not-before-last-review',
          `reviewedOn: the last review was on ${bounds.last}`,
        );

      const reviewId = `gr-${randomUUID()}`;
      const nextReviewDue = addMonths(
        dto.reviewedOn,
        this.params.number('child.guardianship.review_interval_months', dto.reviewedOn),
      );
      let guardianship = child.guardianship;
      let guardianRef = child.guardianRef;
      if (dto.outcome === 'guardian-fit') {
        await m.query(`UPDATE child SET guardianship_review_due = $2 WHERE child_id = $1`, [childId, nextReviewDue]);
      } else {
        guardianship = change ? dto.guardianship! : 'temporary-state';
        const reason = change
          ? `guardianship review ${reviewId}: change of guardian`
          : `guardianship review ${reviewId}: guardian unfit, temporary guardianship by the bureau`;
        guardianRef = await this.children.applyGuardianship(
          m,
          child,
          guardianship as NonNullable<GuardianshipReviewDto['guardianship']>,
          change ? dto.guardian : undefined,
          reason,
          dto.reviewedOn,
          nextReviewDue,
          user,
        );
      }
      await m.query(
        `INSERT INTO guardianship_review (review_id, child_id, outcome, reviewed_on, reviewed_by, note, guardianship, guardian_ref, next_review_due)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [reviewId, childId, dto.outcome, dto.reviewedOn, user.sub, dto.note, guardianship, guardianRef, nextReviewDue],
      );
      await this.audit.append(m, {
        actor: user.sub,
        action: 'guardianship.review',
        objectType: 'child',
        objectId: childId,
        detail: { reviewId, outcome: dto.outcome, reviewedOn: dto.reviewedOn, guardianship, nextReviewDue },
      });
      await this.outbox.append(
        m,
        createEvent(
          ChildGuardianshipReviewedV1,
          {
            reviewId,
            childId,
            personRef: child.personRef,
            town: child.town,
            outcome: dto.outcome,
            reviewedOn: dto.reviewedOn,
            reviewedBy: user.sub,
            guardianship: guardianship as NonNullable<GuardianshipReviewDto['guardianship']>,
            nextReviewDue,
          },
          requestOrigin(),
        ),
      );
      const [row]: GuardianshipReview[] = await m.query(
        `SELECT ${COLUMNS} FROM guardianship_review WHERE review_id = $1`,
        [reviewId],
      );
      return row;
    });
  }

  async forChild(childId: string, user: AuthenticatedUser): Promise<GuardianshipReview[]> {
    const child = await loadChild(this.dataSource.manager, childId);
    assertInArea(user, child.town, `child ${childId}`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM guardianship_review WHERE child_id = $1 ORDER BY reviewed_on, recorded_at`,
      [childId],
    );
  }
}
