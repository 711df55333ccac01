import { KnownDivisions } from '@civic/divisions';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { RegisterTrustDto } from './trust-input.dto';
import { assertInArea } from '../persistence/area';

/** Charity trusts (慈善信托, 专栏1 indicator 12): count and assets. */
@Injectable()
export class TrustsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly bound: AmountBound,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterTrustDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the trust');
    await this.divisions.assertTown('town', dto.town);
    const today = this.clock.today();
    this.bound.check('assetsFen', dto.assetsFen, today);
    if (dto.establishedOn > today)
      throw ProblemException.invalidField('establishedOn', 'not-in-future', 'establishedOn must not be after today');
    const [org] = await this.dataSource.query(`SELECT 1 FROM charity_organisation WHERE organisation_id = $1`, [
      dto.trusteeOrganisationId,
    ]);
    if (!org)
      throw ProblemException.invalidField(
        'trusteeOrganisationId',
        'known-organisation',
        'trusteeOrganisationId: no such organisation',
      );
    const trustId = `trust-${randomUUID()}`;
    await this.dataSource.query(
      `INSERT INTO charity_trust (trust_id, name, trustee_organisation_id, town, assets_fen, established_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [trustId, dto.name, dto.trusteeOrganisationId, dto.town, dto.assetsFen, dto.establishedOn, user.sub],
    );
    return { trustId, ...dto };
  }

  /** Trusts established on or before `date`: count and total assets. */
  async totals(date: string): Promise<{ count: number; assetsFen: number }> {
    const [r] = await this.dataSource.query(
      `SELECT count(*)::int AS n, COALESCE(sum(assets_fen), 0) AS assets FROM charity_trust WHERE established_on <= $1`,
      [date],
    );
    return { count: r.n, assetsFen: Number(r.assets) };
  }
}
