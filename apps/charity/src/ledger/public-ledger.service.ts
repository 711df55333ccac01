import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganisationsService } from '../organisations/organisations.service';
import { ProjectsService } from '../projects/projects.service';
import { LedgerQueryDto } from './ledger-input.dto';
import { publicEntryOf } from './ledger-entry';
import { LedgerService } from './ledger.service';

/** The anonymised ledger (ledger-entry.ts publicEntryOf): what anyone may see of a project. */
@Injectable()
export class PublicLedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly organisations: OrganisationsService,
    private readonly ledger: LedgerService,
  ) {}

  async project(id: string) {
    const p = await this.projects.load(this.dataSource.manager, id);
    const o = await this.organisations.load(this.dataSource.manager, p.organisationId);
    return {
      projectId: p.projectId,
      title: p.title,
      kind: p.kind,
      beneficiaryCriteria: p.beneficiaryCriteria,
      organisation: { organisationId: o.organisationId, name: o.name, creditCode: o.creditCode, grade: o.grade },
      targetFen: p.targetFen,
      launchedOn: p.launchedOn,
      endsOn: p.endsOn,
      status: p.status,
      raisedFen: p.raisedFen,
      goodsValueFen: p.goodsValueFen,
      disbursedFen: p.disbursedFen,
      balanceFen: p.balanceFen,
      goods: (
        await this.dataSource.query(
          `SELECT item, unit, quantity, value_fen FROM goods_stock WHERE project_id = $1 ORDER BY item, unit`,
          [id],
        )
      ).map((g: Record<string, string>) => ({
        item: g.item,
        unit: g.unit,
        quantity: Number(g.quantity),
        valueFen: Number(g.value_fen),
      })),
    };
  }

  async entries(id: string, q: LedgerQueryDto) {
    const page = await this.ledger.entries(id, q);
    return { ...page, items: page.items.map(publicEntryOf) };
  }
}
