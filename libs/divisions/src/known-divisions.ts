import { Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Checks a code against governance's division codes as this service has read them, with the rule
 * governance itself applies (apps/governance/src/divisions/divisions.service.ts): 400 naming the field,
 * rule `knownDivision`, unless the code is of the level and in force on the date.
 *
 * Until the first governance.division.* event has been read the table is empty and only the format
 * check of the request DTO applies: refusing every town then would stop the service on a fresh start.
 */
@Injectable()
export class KnownDivisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** 400 naming `field` unless `code` is a town in force on `date` (today by default). */
  async assertTown(field: string, code: string, m?: EntityManager, date = this.clock.today()): Promise<void> {
    await this.assertKnown(field, code, 'town', date, m);
  }

  /** 400 naming `field` unless `code` is a village or community of `town` in force on `date` (today by default). */
  async assertVillage(
    field: string,
    code: string,
    town: string,
    m?: EntityManager,
    date = this.clock.today(),
  ): Promise<void> {
    const townCode = await this.assertKnown(field, code, 'village', date, m);
    if (townCode !== undefined && townCode !== town)
      throw ProblemException.invalidField(
        field,
        'withinTown',
        `${field} must be a village or community of town ${town}`,
      );
  }

  /**
   * A household-registration (户籍) location: for a local hukou (`hukouType` 'local', registered in the
   * city) the town and village must be governance's codes in force, named `<field>.townCode` /
   * `<field>.villageCode` (rules `knownDivision`, `withinTown`). A non-local hukou lies outside the city,
   * whose divisions are all governance knows, so only its format (the DTO's) is checked.
   */
  async assertHukou(
    field: string,
    hukou: { townCode: string; villageCode: string },
    hukouType: 'local' | 'non-local',
    m?: EntityManager,
  ): Promise<void> {
    if (hukouType !== 'local') return;
    await this.assertTown(`${field}.townCode`, hukou.townCode, m);
    await this.assertVillage(`${field}.villageCode`, hukou.villageCode, hukou.townCode, m);
  }

  /** The code's town (null for a town) when known; undefined while nothing has been read yet. */
  private async assertKnown(
    field: string,
    code: string,
    level: string,
    date: string,
    m?: EntityManager,
  ): Promise<string | null | undefined> {
    const [row] = await (m ?? this.dataSource).query(
      `SELECT EXISTS (SELECT 1 FROM division_reference) AS loaded,
              (SELECT ARRAY[town_code] FROM division_reference WHERE code = $1 AND level = $2 AND effective_from <= $3
                 AND (retired_on IS NULL OR retired_on > $3)) AS known`,
      [code, level, date],
    );
    if (!row.loaded) return undefined;
    if (!row.known)
      throw ProblemException.invalidField(field, 'knownDivision', `${field} must be a ${level} code in force`);
    return row.known[0];
  }
}
