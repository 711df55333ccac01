import { KnownDivisions } from '@civic/divisions';
import { createEvent, WishFulfilledV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, ResidentIds } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { refuseIfDead } from '../persistence/person-death';
import { conflictOn } from '../persistence/problems';
import { MatchWishDto, PostWishDto, WishListQueryDto } from './wish-input.dto';

export interface Wish {
  wishId: string;
  personRef: string;
  maskedId: string;
  town: string;
  item: string;
  valueFen: number;
  status: 'posted' | 'matched' | 'fulfilled' | 'withdrawn';
  postedOn: string;
  donorKind: string | null;
  matchedOn: string | null;
  fulfilledOn: string | null;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
}

type Row = Record<string, any>;

/** Material wishes (红心愿 / 微心愿, docs/domain.md §4): posted → matched to a donor → delivery confirmed (published). */
@Injectable()
export class WishesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly ids: ResidentIds,
    private readonly bound: AmountBound,
    private readonly divisions: KnownDivisions,
  ) {}

  async post(dto: PostWishDto, user: AuthenticatedUser): Promise<Wish> {
    assertInArea(user, dto.town, 'the wish');
    await this.divisions.assertTown('town', dto.town);
    const person = this.ids.identify(dto.idNumber, 'idNumber');
    const today = this.clock.today();
    this.bound.check('valueFen', dto.valueFen, today);
    const id = `wish-${randomUUID()}`;
    await refuseIfDead(this.dataSource.manager, person.personRef, 'idNumber');
    await this.dataSource.query(
      `INSERT INTO wish (wish_id, person_ref, masked_id, id_number_encrypted, town, item, value_fen, posted_on, posted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, person.personRef, person.maskedId, person.encrypted, dto.town, dto.item, dto.valueFen, today, user.sub],
    );
    return this.load(this.dataSource.manager, id);
  }

  async match(id: string, dto: MatchWishDto, user: AuthenticatedUser): Promise<Wish> {
    return this.dataSource.transaction(async (m) => {
      const w = await this.forUpdate(m, id, user);
      if (w.status !== 'posted') throw conflictOn('wishId', 'wish-posted', `wish ${id} is ${w.status}`);
      await m.query(`UPDATE wish SET status = 'matched', donor_kind = $2, matched_on = $3 WHERE wish_id = $1`, [
        id,
        dto.donorKind,
        this.clock.today(),
      ]);
      return this.load(m, id);
    });
  }

  async confirmDelivery(id: string, user: AuthenticatedUser): Promise<Wish> {
    return this.dataSource.transaction(async (m) => {
      const w = await this.forUpdate(m, id, user);
      if (w.status !== 'matched') throw conflictOn('wishId', 'wish-matched', `wish ${id} is ${w.status}`);
      const today = this.clock.today();
      await m.query(`UPDATE wish SET status = 'fulfilled', fulfilled_on = $2 WHERE wish_id = $1`, [id, today]);
      await this.outbox.append(
        m,
        createEvent(
          WishFulfilledV1,
          {
            wishId: id,
            personRef: w.personRef,
            town: w.town,
            item: w.item,
            valueFen: w.valueFen,
            fulfilledOn: today,
            donorKind: w.donorKind as 'individual' | 'company' | 'anonymous',
          },
          requestOrigin(),
        ),
      );
      return this.load(m, id);
    });
  }

  async list(q: WishListQueryDto, user: AuthenticatedUser): Promise<Page<Wish>> {
    const f = new Filters().eq('w.status', q.status).eq('w.town', q.town).towns('w.town', user);
    const page = await pageOf<Row, string>(
      this.dataSource.manager,
      'w.wish_id',
      'wish w',
      f,
      'w.posted_on, w.wish_id',
      q,
      (r) => r.wish_id,
    );
    return { ...page, items: await Promise.all(page.items.map((id) => this.load(this.dataSource.manager, id))) };
  }

  private async forUpdate(m: EntityManager, id: string, user: AuthenticatedUser): Promise<Wish> {
    const [row] = await m.query(`SELECT town FROM wish WHERE wish_id = $1 FOR UPDATE`, [id]);
    if (!row) throw ProblemException.notFound('wish', id);
    assertInArea(user, row.town, `wish ${id}`);
    return this.load(m, id);
  }

  private async load(m: EntityManager, id: string): Promise<Wish> {
    const [r] = await m.query(
      `SELECT *, to_char(posted_on, 'YYYY-MM-DD') AS posted, to_char(matched_on, 'YYYY-MM-DD') AS matched, to_char(fulfilled_on, 'YYYY-MM-DD') AS fulfilled, to_char(withdrawn_on, 'YYYY-MM-DD') AS withdrawn FROM wish WHERE wish_id = $1`,
      [id],
    );
    if (!r) throw ProblemException.notFound('wish', id);
    return {
      wishId: r.wish_id,
      personRef: r.person_ref,
      maskedId: r.masked_id,
      town: r.town,
      item: r.item,
      valueFen: Number(r.value_fen),
      status: r.status,
      postedOn: r.posted,
      donorKind: r.donor_kind,
      matchedOn: r.matched,
      fulfilledOn: r.fulfilled,
      withdrawnOn: r.withdrawn,
      withdrawnReason: r.withdrawn_reason,
    };
  }
}
