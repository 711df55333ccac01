import { createEvent, HomeAdaptationCompletedV1, HOME_ADAPTATION_ITEMS } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, elderInBody, loadElder } from '../elders/elder-record';
import { assertNotFuture } from '../persistence/request-dates';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import {
  AdaptationQueryDto,
  AdaptationView,
  ApplyAdaptationDto,
  CompleteAdaptationDto,
} from './home-adaptation-input.dto';

const COLUMNS = `adaptation_id, elder_id, town, items, to_char(applied_on, 'YYYY-MM-DD') AS applied_on, status,
  to_char(completed_on, 'YYYY-MM-DD') AS completed_on, cost_fen::int AS cost_fen`;
interface AdaptationRow {
  adaptation_id: string;
  elder_id: string;
  town: string;
  items: string[];
  applied_on: string;
  status: AdaptationView['status'];
  completed_on: string | null;
  cost_fen: number | null;
}
const adaptationOf = (r: AdaptationRow): AdaptationView => ({
  adaptationId: r.adaptation_id,
  elderId: r.elder_id,
  town: r.town,
  items: r.items,
  appliedOn: r.applied_on,
  status: r.status,
  completedOn: r.completed_on,
  costFen: r.cost_fen,
});

/**
 * Age-friendly home adaptations (适老化改造, docs/domain.md §2): applied for an elder's home, completed
 * once with the cost; the completion is published (eldercare.home-adaptation.completed) for the
 * services that count adapted homes. A death cancels an application not yet done; its revocation
 * restores it.
 */
@Injectable()
export class HomeAdaptationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async apply(dto: ApplyAdaptationDto, user: AuthenticatedUser): Promise<AdaptationView> {
    assertNotFuture('appliedOn', dto.appliedOn, this.clock.today());
    return this.dataSource.transaction(async (m) => {
      const elder = await elderInBody(m, dto.elderId);
      assertInArea(user, elder.town, `elder ${elder.elderId}`);
      assertAlive(elder);
      // stored in the catalogue's order, so equal sets read the same
      const items = HOME_ADAPTATION_ITEMS.filter((i) => dto.items.includes(i));
      const [row] = await m.query(
        `INSERT INTO home_adaptation (adaptation_id, elder_id, town, items, applied_on, applied_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [`had-${randomUUID()}`, elder.elderId, elder.town, items, dto.appliedOn, user.sub],
      );
      return adaptationOf(row);
    });
  }

  async complete(adaptationId: string, dto: CompleteAdaptationDto, user: AuthenticatedUser): Promise<AdaptationView> {
    assertNotFuture('completedOn', dto.completedOn, this.clock.today());
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT ${COLUMNS} FROM home_adaptation WHERE adaptation_id = $1 FOR UPDATE`, [
        adaptationId,
      ]);
      if (!row) throw ProblemException.notFound('home adaptation', adaptationId);
      const a = adaptationOf(row);
      assertInArea(user, a.town, `home adaptation ${adaptationId}`);
      if (a.status !== 'applied')
        throw ProblemException.conflict(`home adaptation ${adaptationId} is ${a.status}`, { currentState: a.status });
      if (dto.completedOn < a.appliedOn)
        throw ProblemException.invalidField(
          'completedOn',
          'not-before-application',
          `completedOn ${dto.completedOn} is before the application (${a.appliedOn})`,
        );
      const elder = await loadElder(m, a.elderId);
      const [done] = await updateReturning<AdaptationRow>(
        m,
        `UPDATE home_adaptation SET status = 'completed', completed_on = $2, cost_fen = $3, completed_by = $4
          WHERE adaptation_id = $1 RETURNING ${COLUMNS}`,
        [adaptationId, dto.completedOn, dto.costFen, user.sub],
      );
      const completed = adaptationOf(done);
      await this.outbox.append(
        m,
        createEvent(
          HomeAdaptationCompletedV1,
          {
            elderId: elder.elderId,
            personRef: elder.personRef,
            town: elder.town,
            adaptationId,
            items: completed.items as (typeof HOME_ADAPTATION_ITEMS)[number][],
            completedOn: dto.completedOn,
            costFen: dto.costFen,
          },
          requestOrigin(),
        ),
      );
      return completed;
    });
  }

  list(q: AdaptationQueryDto, user: AuthenticatedUser): Promise<Page<AdaptationView>> {
    const f = new Filters().eq('town', q.town).eq('status', q.status).eq('elder_id', q.elderId).towns('town', user);
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      'home_adaptation',
      f,
      'applied_on DESC, adaptation_id',
      q,
      adaptationOf,
    );
  }

  /** A death cancels the applications not yet done (the home is no longer the elder's to adapt). */
  async cancelForDeath(m: EntityManager, elderId: string): Promise<void> {
    await m.query(
      `UPDATE home_adaptation SET status = 'cancelled', cancel_reason = 'death' WHERE elder_id = $1 AND status = 'applied'`,
      [elderId],
    );
  }

  /** A revoked death record: the applications the death cancelled stand again. */
  async restoreAfterRevokedDeath(m: EntityManager, elderId: string): Promise<number> {
    const rows = await updateReturning<{ adaptation_id: string }>(
      m,
      `UPDATE home_adaptation SET status = 'applied', cancel_reason = NULL
        WHERE elder_id = $1 AND status = 'cancelled' AND cancel_reason = 'death' RETURNING adaptation_id`,
      [elderId],
    );
    return rows.length;
  }
}
