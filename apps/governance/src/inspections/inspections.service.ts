import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DivisionsService } from '../divisions/divisions.service';
import { assertInArea } from '../persistence/area';
import { DrawInspectionDto } from './inspection-input.dto';

export interface InspectionView {
  inspectionId: string;
  name: string;
  seed: string;
  sampleSize: number;
  population: number;
  populationDigest: string;
  town: string | null;
  drawnOn: string;
  drawnBy: string;
  selected: string[];
}

/**
 * Random inspections of social organisations (抽查, plan 一（一）3（4）): the draw is seeded and the seed
 * recorded with the population's size and digest, so the selection can be repeated and checked.
 */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly divisions: DivisionsService,
  ) {}

  async draw(dto: DrawInspectionDto, user: AuthenticatedUser): Promise<InspectionView> {
    if (dto.town) assertInArea(user, dto.town, 'the inspected town');
    else if (user.towns !== undefined)
      throw ProblemException.invalidField('town', 'required', 'town is required for a user limited to some towns');
    const seed = dto.seed ?? randomBytes(16).toString('hex');
    return this.dataSource.transaction(async (m) => {
      // a mistyped town would otherwise look like a town without organisations (409) rather than bad input
      if (dto.town) await this.divisions.assertTown(m, 'town', dto.town);
      // The lots of draw.ts (SHA-256 of `seed:id`, lowest first) and the population digest (SHA-256 of the
      // ids sorted bytewise, newline-joined) computed where the rows are: reading 100,000 ids into Node and
      // hashing them there took most of a draw (docs/benchmarks.md, "Governance: inspection draw and
      // visit-task intake"). bytea and "C" order are byte order, as JS compares the hex lots and ASCII ids.
      const [draw]: { population: number; digest: string | null; selected: string[] }[] = await m.query(
        `WITH pop AS (SELECT organisation_id FROM social_organisation WHERE ($1::text IS NULL OR town = $1))
         SELECT (SELECT count(*)::int FROM pop) AS population,
                (SELECT encode(sha256(convert_to(string_agg(organisation_id, E'\\n' ORDER BY organisation_id COLLATE "C"), 'UTF8')), 'hex')
                   FROM pop) AS digest,
                ARRAY(SELECT organisation_id FROM pop
                      ORDER BY sha256(convert_to($2 || ':' || organisation_id, 'UTF8')) LIMIT $3) AS selected`,
        [dto.town ?? null, seed, dto.sampleSize],
      );
      if (draw.population === 0)
        throw ProblemException.conflict('there is no organisation to inspect', { town: dto.town ?? null });
      const { selected, digest: populationDigest } = draw;
      const inspectionId = `insp-${randomUUID()}`;
      await m.query(
        `INSERT INTO inspection_draw (inspection_id, name, seed, sample_size, population, town, drawn_on, drawn_by, selected)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          inspectionId,
          dto.name,
          seed,
          dto.sampleSize,
          draw.population,
          dto.town ?? null,
          this.clock.today(),
          user.sub,
          JSON.stringify({ ids: selected, populationDigest }),
        ],
      );
      return this.getIn(m, inspectionId);
    });
  }

  /** A town's draw for users of that town; a city-wide draw only for users not limited to towns. */
  async get(id: string, user: AuthenticatedUser): Promise<InspectionView> {
    const view = await this.getIn(this.dataSource.manager, id);
    if (view.town) assertInArea(user, view.town, 'the inspection');
    else if (user.towns !== undefined)
      throw ProblemException.forbidden('a city-wide inspection is not open to a user limited to some towns');
    return view;
  }

  private async getIn(m: DataSource['manager'], id: string): Promise<InspectionView> {
    const [r] = await m.query(
      `SELECT inspection_id, name, seed, sample_size, population, town, to_char(drawn_on, 'YYYY-MM-DD') AS drawn_on, drawn_by, selected
       FROM inspection_draw WHERE inspection_id = $1`,
      [id],
    );
    if (!r) throw ProblemException.notFound('inspection', id);
    return {
      inspectionId: r.inspection_id,
      name: r.name,
      seed: r.seed,
      sampleSize: r.sample_size,
      population: r.population,
      populationDigest: r.selected.populationDigest,
      town: r.town,
      drawnOn: r.drawn_on,
      drawnBy: r.drawn_by,
      selected: r.selected.ids,
    };
  }
}
