import { KnownDivisions } from '@civic/divisions';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OpenOutletDto, CloseOutletDto } from './outlet-input.dto';
import { assertInArea } from '../persistence/area';
import { conflictOn } from '../persistence/problems';

/** Welfare-lottery outlets (福利彩票销售网点, 专栏1 indicator 14). */
@Injectable()
export class LotteryOutletsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async open(dto: OpenOutletDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the outlet');
    await this.divisions.assertTown('town', dto.town);
    if (dto.openedOn > this.clock.today())
      throw ProblemException.invalidField('openedOn', 'not-in-future', 'openedOn must not be after today');
    const outletId = `outlet-${randomUUID()}`;
    await this.dataSource.query(
      `INSERT INTO lottery_outlet (outlet_id, town, address, opened_on) VALUES ($1, $2, $3, $4)`,
      [outletId, dto.town, dto.address, dto.openedOn],
    );
    return { outletId, ...dto, closedOn: null };
  }

  async close(id: string, dto: CloseOutletDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const [o] = await m.query(
        `SELECT town, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, closed_on FROM lottery_outlet WHERE outlet_id = $1 FOR UPDATE`,
        [id],
      );
      if (!o) throw ProblemException.notFound('outlet', id);
      assertInArea(user, o.town, `outlet ${id}`);
      if (o.closed_on) throw conflictOn('outletId', 'outlet-open', `outlet ${id} is already closed`);
      if (dto.closedOn < o.opened_on)
        throw ProblemException.invalidField(
          'closedOn',
          'not-before-opening',
          'closedOn must not be before the opening',
        );
      await m.query(`UPDATE lottery_outlet SET closed_on = $2 WHERE outlet_id = $1`, [id, dto.closedOn]);
      return { outletId: id, town: o.town, openedOn: o.opened_on, closedOn: dto.closedOn };
    });
  }

  /** Outlets open on `date`. */
  async openOn(date: string): Promise<number> {
    const [r] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM lottery_outlet WHERE opened_on <= $1 AND (closed_on IS NULL OR closed_on > $1)`,
      [date],
    );
    return r.n;
  }
}
