import { findRawResidentId } from '@civic/contracts';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DivisionsService } from '../divisions/divisions.service';
import { assertInArea } from '../persistence/area';
import { CloseIllegalCaseDto, IllegalCaseListQueryDto, OpenIllegalCaseDto } from './illegal-organisations.dto';

const COLUMNS = `case_id AS "caseId", name, town, to_char(found_on, 'YYYY-MM-DD') AS "foundOn", source, description, status, outcome,
  outcome_reason AS "outcomeReason", to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"`;

/** Cases against illegal social organisations (打击整治非法社会组织, plan 一（一）3（4）): opened, then closed with an outcome. */
@Injectable()
export class IllegalOrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly divisions: DivisionsService,
    private readonly clock: Clock,
  ) {}

  async open(dto: OpenIllegalCaseDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the case');
    if (findRawResidentId(dto.description) !== undefined)
      throw ProblemException.invalidField(
        'description',
        'noIdNumber',
        'description must not hold a resident ID number',
      );
    const today = this.clock.today();
    const foundOn = dto.foundOn ?? today;
    if (foundOn > today) throw ProblemException.invalidField('foundOn', 'notFuture', 'foundOn must not be after today');
    const id = `ioc-${randomUUID()}`;
    return this.dataSource.transaction(async (m) => {
      await this.divisions.assertTown(m, 'town', dto.town);
      await m.query(
        `INSERT INTO illegal_organisation_case (case_id, name, town, found_on, source, description, status, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)`,
        [id, dto.name, dto.town, foundOn, dto.source, dto.description, user.sub],
      );
      return this.getIn(m, id);
    });
  }

  async close(id: string, dto: CloseIllegalCaseDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT 1 FROM illegal_organisation_case WHERE case_id = $1 FOR UPDATE`, [id]);
      const c = await this.getIn(m, id);
      assertInArea(user, c.town, 'the case');
      if (c.status !== 'open') throw ProblemException.conflict(`case ${id} is closed`, { currentState: c.status });
      await m.query(
        `UPDATE illegal_organisation_case SET status = 'closed', outcome = $2, outcome_reason = $3, closed_on = $4 WHERE case_id = $1`,
        [id, dto.outcome, dto.reason, this.clock.today()],
      );
      return this.getIn(m, id);
    });
  }

  list(q: IllegalCaseListQueryDto, user: AuthenticatedUser): Promise<Page<Record<string, unknown>>> {
    const f = new Filters().eq('town', q.town).eq('status', q.status).towns('town', user);
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      'illegal_organisation_case',
      f,
      'found_on DESC, case_id',
      q,
      (r: Record<string, unknown>) => r,
    );
  }

  private async getIn(m: EntityManager, id: string) {
    const [c] = await m.query(`SELECT ${COLUMNS} FROM illegal_organisation_case WHERE case_id = $1`, [id]);
    if (!c) throw ProblemException.notFound('illegal-organisation case', id);
    return c;
  }
}
