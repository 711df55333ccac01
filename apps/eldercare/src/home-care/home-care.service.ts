import { KnownDivisions } from '@civic/divisions';
import { containsResidentIdNumber } from '@civic/contracts';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, loadElder } from '../elders/elder-record';
import { assertInArea } from '../persistence/area';
import { OrderServiceDto, RecordDeliveryDto, RegisterSiteDto, SiteListQueryDto } from './home-care-input.dto';

const SITE_COLUMNS = `site_id, kind, name, town, village, to_char(opened_on, 'YYYY-MM-DD') AS opened_on`;
interface SiteRow {
  site_id: string;
  kind: string;
  name: string;
  town: string;
  village: string;
  opened_on: string;
}
const siteOf = (r: SiteRow) => ({
  siteId: r.site_id,
  kind: r.kind,
  name: r.name,
  town: r.town,
  village: r.village,
  openedOn: r.opened_on,
});

/** Community home care (docs/domain.md §2, plan 三（二）2): sites per village, service orders and their delivery. */
@Injectable()
export class HomeCareService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async registerSite(dto: RegisterSiteDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the site');
    await this.divisions.assertTown('town', dto.town);
    await this.divisions.assertVillage('village', dto.village, dto.town);
    const today = this.clock.today();
    if (dto.openedOn > today)
      throw ProblemException.invalidField(
        'openedOn',
        'not-in-future',
        `openedOn ${dto.openedOn} is after today (${today})`,
      );
    const siteId = `site-${randomUUID()}`;
    const [row] = await this.dataSource.query(
      `INSERT INTO care_site (site_id, kind, name, town, village, opened_on, registered_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${SITE_COLUMNS}`,
      [siteId, dto.kind, dto.name, dto.town, dto.village, dto.openedOn, user.sub],
    );
    return siteOf(row);
  }

  sites(q: SiteListQueryDto, user: AuthenticatedUser): Promise<Page<ReturnType<typeof siteOf>>> {
    const f = new Filters().eq('town', q.town).eq('village', q.village).eq('kind', q.kind).towns('town', user);
    return pageOf(this.dataSource.manager, SITE_COLUMNS, 'care_site', f, 'town, village, site_id', q, siteOf);
  }

  /** Sites of each kind per village (the plan counts centres, stations and canteens). */
  async coverage(user: AuthenticatedUser) {
    const f = new Filters().towns('town', user);
    return this.dataSource.query(
      `SELECT town, village, count(*) FILTER (WHERE kind = 'centre')::int AS centres, count(*) FILTER (WHERE kind = 'station')::int AS stations,
              count(*) FILTER (WHERE kind = 'canteen')::int AS canteens
       FROM care_site ${f.where()} GROUP BY town, village ORDER BY town, village`,
      f.params,
    );
  }

  async order(dto: OrderServiceDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const elder = await loadElder(m, dto.elderId).catch((e: unknown) => {
        if (e instanceof ProblemException && e.getStatus() === 404)
          throw ProblemException.invalidField('elderId', 'elder.registered', `elderId: elder ${dto.elderId} not found`);
        throw e;
      });
      assertInArea(user, elder.town, `elder ${elder.elderId}`);
      assertAlive(elder);
      const [site] = await m.query(`SELECT site_id FROM care_site WHERE site_id = $1`, [dto.siteId]);
      if (!site)
        throw ProblemException.invalidField('siteId', 'site.registered', `siteId: site ${dto.siteId} not found`);
      const orderId = `so-${randomUUID()}`;
      const orderedOn = this.clock.today();
      await m.query(
        `INSERT INTO service_order (order_id, elder_id, site_id, town, service, ordered_on, ordered_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [orderId, elder.elderId, dto.siteId, elder.town, dto.service, orderedOn, user.sub],
      );
      return { orderId, elderId: elder.elderId, siteId: dto.siteId, service: dto.service, orderedOn, status: 'open' };
    });
  }

  async deliver(orderId: string, dto: RecordDeliveryDto, user: AuthenticatedUser) {
    const today = this.clock.today();
    if (dto.deliveredOn > today)
      throw ProblemException.invalidField(
        'deliveredOn',
        'not-in-future',
        `deliveredOn ${dto.deliveredOn} is after today (${today})`,
      );
    if (dto.notes && containsResidentIdNumber(dto.notes))
      throw ProblemException.invalidField('notes', 'no-resident-id', 'notes must not contain a resident ID number');
    return this.dataSource.transaction(async (m) => {
      const [order] = await m.query(
        `SELECT order_id, town, status, to_char(ordered_on, 'YYYY-MM-DD') AS ordered_on FROM service_order WHERE order_id = $1 FOR UPDATE`,
        [orderId],
      );
      if (!order) throw ProblemException.notFound('service order', orderId);
      assertInArea(user, order.town, `service order ${orderId}`);
      if (order.status !== 'open')
        throw ProblemException.conflict(`service order ${orderId} is ${order.status}`, { currentState: order.status });
      if (dto.deliveredOn < order.ordered_on)
        throw ProblemException.invalidField(
          'deliveredOn',
          'not-before-order',
          `deliveredOn ${dto.deliveredOn} is before the order (${order.ordered_on})`,
        );
      await m.query(
        `INSERT INTO service_delivery (order_id, delivered_on, delivered_by, notes) VALUES ($1, $2, $3, $4)`,
        [orderId, dto.deliveredOn, user.sub, dto.notes ?? null],
      );
      await m.query(`UPDATE service_order SET status = 'delivered' WHERE order_id = $1`, [orderId]);
      return { orderId, status: 'delivered', deliveredOn: dto.deliveredOn, deliveredBy: user.sub };
    });
  }

  /** Cancels the open service orders of an elder who died. */
  async cancelForDeath(m: EntityManager, elderId: string): Promise<void> {
    await m.query(
      `UPDATE service_order SET status = 'cancelled', cancel_reason = 'death' WHERE elder_id = $1 AND status = 'open'`,
      [elderId],
    );
  }

  /** A revoked death record: the orders the death cancelled are open again (the elder still needs the service). */
  async reopenAfterRevokedDeath(m: EntityManager, elderId: string): Promise<number> {
    const rows = await updateReturning<{ order_id: string }>(
      m,
      `UPDATE service_order SET status = 'open', cancel_reason = NULL
       WHERE elder_id = $1 AND status = 'cancelled' AND cancel_reason = 'death' RETURNING order_id`,
      [elderId],
    );
    return rows.length;
  }
}
