import {
  createEvent,
  EventOrigin,
  FAMILY_CARE_BED_CLOSE_REASONS,
  FamilyCareBedClosedV1,
  FamilyCareBedOpenedV1,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, Elder, elderInBody, loadElder } from '../elders/elder-record';
import { assertNotFuture } from '../persistence/request-dates';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { CloseFamilyBedDto, FamilyBedQueryDto, FamilyBedView, OpenFamilyBedDto } from './family-bed-input.dto';

type CloseReason = (typeof FAMILY_CARE_BED_CLOSE_REASONS)[number];

const COLUMNS = `bed_id, elder_id, provider_site_id, town, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, status,
  to_char(closed_on, 'YYYY-MM-DD') AS closed_on, close_reason`;
const bedOf = (r: Record<string, string>): FamilyBedView => ({
  bedId: r.bed_id,
  elderId: r.elder_id,
  providerSiteId: r.provider_site_id,
  town: r.town,
  openedOn: r.opened_on,
  status: r.status as FamilyBedView['status'],
  closedOn: r.closed_on,
  closeReason: r.close_reason,
});

/**
 * Family care beds (家庭养老床位, docs/domain.md §2): a bed in an assessed elder's home, run by a
 * registered community centre; one open bed per elder; opening and closing are published for the
 * services that count beds and follow the person (eldercare.family-care-bed.*).
 */
@Injectable()
export class FamilyBedsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async open(dto: OpenFamilyBedDto, user: AuthenticatedUser): Promise<FamilyBedView> {
    assertNotFuture('openedOn', dto.openedOn, this.clock.today());
    try {
      return await this.dataSource.transaction(async (m) => {
        const elder = await elderInBody(m, dto.elderId, true);
        assertInArea(user, elder.town, `elder ${elder.elderId}`);
        assertAlive(elder);
        // the bed's services follow the elder's assessed needs; without an assessment there is nothing to plan from
        if (!elder.abilityLevel)
          throw ProblemException.conflict(`elder ${elder.elderId} has no ability assessment yet`, {
            rule: 'family-care-bed.assessed',
          });
        const [site] = await m.query(`SELECT kind FROM care_site WHERE site_id = $1`, [dto.providerSiteId]);
        if (!site)
          throw ProblemException.invalidField(
            'providerSiteId',
            'site.registered',
            `providerSiteId: site ${dto.providerSiteId} not found`,
          );
        if (site.kind !== 'centre')
          throw ProblemException.invalidField(
            'providerSiteId',
            'site.centre',
            `providerSiteId: site ${dto.providerSiteId} is a ${site.kind}; a family care bed is run by a centre`,
          );
        const bedId = `fcb-${randomUUID()}`;
        const [row] = await m.query(
          `INSERT INTO family_care_bed (bed_id, elder_id, provider_site_id, town, opened_on, opened_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [bedId, elder.elderId, dto.providerSiteId, elder.town, dto.openedOn, user.sub],
        );
        await this.announceOpened(m, elder, bedOf(row), requestOrigin());
        return bedOf(row);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'family_care_bed_one_open'))
        throw ProblemException.conflict(`elder ${dto.elderId} already has an open family care bed`, {
          rule: 'family-care-bed.one-open',
        });
      throw e;
    }
  }

  async close(bedId: string, dto: CloseFamilyBedDto, user: AuthenticatedUser): Promise<FamilyBedView> {
    assertNotFuture('closedOn', dto.closedOn, this.clock.today());
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT ${COLUMNS} FROM family_care_bed WHERE bed_id = $1 FOR UPDATE`, [bedId]);
      if (!row) throw ProblemException.notFound('family care bed', bedId);
      const bed = bedOf(row);
      assertInArea(user, bed.town, `family care bed ${bedId}`);
      if (bed.status !== 'open')
        throw ProblemException.conflict(`family care bed ${bedId} is ${bed.status}`, { currentState: bed.status });
      if (dto.closedOn < bed.openedOn)
        throw ProblemException.invalidField(
          'closedOn',
          'not-before-opening',
          `closedOn ${dto.closedOn} is before the bed opened (${bed.openedOn})`,
        );
      const [closed] = await this.closeWhere(m, `bed_id = $1`, [bedId], dto.closedOn, dto.reason, requestOrigin());
      return closed;
    });
  }

  list(q: FamilyBedQueryDto, user: AuthenticatedUser): Promise<Page<FamilyBedView>> {
    const f = new Filters().eq('town', q.town).eq('status', q.status).eq('elder_id', q.elderId).towns('town', user);
    return pageOf(this.dataSource.manager, COLUMNS, 'family_care_bed', f, 'opened_on DESC, bed_id', q, bedOf);
  }

  /** A death closes the elder's open bed on the death date. */
  async closeForDeath(m: EntityManager, elderId: string, deathDate: string, origin: EventOrigin): Promise<void> {
    await this.closeWhere(m, `elder_id = $1 AND status = 'open'`, [elderId], deathDate, 'death', origin);
  }

  /** A revoked death record: the bed the death closed is open again, and announced so. */
  async reopenAfterRevokedDeath(m: EntityManager, elderId: string, origin: EventOrigin): Promise<number> {
    const rows = await updateReturning<Record<string, string>>(
      m,
      `UPDATE family_care_bed SET status = 'open', closed_on = NULL, close_reason = NULL
        WHERE elder_id = $1 AND status = 'closed' AND close_reason = 'death' RETURNING ${COLUMNS}`,
      [elderId],
    );
    const elder = await loadElder(m, elderId);
    for (const r of rows) await this.announceOpened(m, elder, bedOf(r), origin);
    return rows.length;
  }

  private async closeWhere(
    m: EntityManager,
    where: string,
    params: unknown[],
    closedOn: string,
    reason: CloseReason,
    origin: EventOrigin,
  ): Promise<FamilyBedView[]> {
    const n = params.length;
    const rows = await updateReturning<Record<string, string>>(
      m,
      `UPDATE family_care_bed SET status = 'closed', closed_on = greatest($${n + 1}::date, opened_on), close_reason = $${n + 2}
        WHERE ${where} RETURNING ${COLUMNS}`,
      [...params, closedOn, reason],
    );
    const beds = rows.map(bedOf);
    for (const bed of beds) {
      const elder = await loadElder(m, bed.elderId);
      await this.outbox.append(
        m,
        createEvent(
          FamilyCareBedClosedV1,
          {
            elderId: elder.elderId,
            personRef: elder.personRef,
            town: elder.town,
            bedId: bed.bedId,
            closedOn: bed.closedOn!,
            reason,
          },
          origin,
        ),
      );
    }
    return beds;
  }

  private announceOpened(m: EntityManager, elder: Elder, bed: FamilyBedView, origin: EventOrigin) {
    return this.outbox.append(
      m,
      createEvent(
        FamilyCareBedOpenedV1,
        {
          elderId: elder.elderId,
          personRef: elder.personRef,
          town: elder.town,
          bedId: bed.bedId,
          providerSiteId: bed.providerSiteId,
          openedOn: bed.openedOn,
        },
        origin,
      ),
    );
  }
}
