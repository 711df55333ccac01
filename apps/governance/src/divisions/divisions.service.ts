import { createEvent, DivisionRegisteredV1, DivisionRegisteredV1Payload, DivisionRetiredV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { Clock, Filters, Page, pageOf, PageQueryDto, ProblemException } from '@civic/platform';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { GOVERNANCE_SOURCE, requestOrigin } from '../persistence/event-origin';
import { divisionList, DivisionListError, divisionListOfFile } from './division-list';
import { DivisionImportDto, DivisionInputDto, DivisionListQueryDto, RetireDivisionDto } from './division-input.dto';

export interface DivisionView {
  code: string;
  level: 'town' | 'village';
  name: string;
  townCode: string | null;
  kind: 'village' | 'community' | null;
  effectiveFrom: string;
  retiredOn: string | null;
  /** Revision: 1 when registered, +1 per change or retirement (carried by the events as `version`). */
  version: number;
  updatedAt: string;
}

const COLUMNS = `code, level, name, town_code AS "townCode", kind, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
  to_char(retired_on, 'YYYY-MM-DD') AS "retiredOn", version, updated_at AS "updatedAt"`;

/** Lock id that serialises the seeding of two instances starting together. */
const SEED_LOCK = 7_265_001;

/**
 * The administrative divisions (docs/domain.md §5): reference data the other services validate codes
 * against, published as governance.division.* events. Seeded from divisions.json at start-up; a new
 * or changed row is published once (the upsert returns only rows that changed).
 */
@Injectable()
export class DivisionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('divisions');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { list, example } = divisionListOfFile();
    const published = await this.seed(list);
    if (published) this.logger.log(`published ${published} division codes from divisions.json not held before`);
    if (example)
      this.logger.warn(
        'divisions.json holds example villages and communities: load the city list with POST /api/v1/divisions/import',
      );
  }

  /**
   * Stores the listed divisions the service does not hold yet and publishes them; returns how many. A
   * stored row is never overwritten, so a restart does not undo names loaded by `import`.
   */
  async seed(list: DivisionRegisteredV1Payload[]): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
      let published = 0;
      for (const d of list) {
        const [row] = await m.query(
          `INSERT INTO division (code, level, name, town_code, kind, effective_from) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (code) DO NOTHING RETURNING version`,
          [d.code, d.level, d.name, d.townCode ?? null, d.kind ?? null, d.effectiveFrom],
        );
        if (row) {
          const event = createEvent(
            DivisionRegisteredV1,
            { ...d, version: row.version },
            { source: GOVERNANCE_SOURCE },
          );
          await this.outbox.append(m, event);
          published++;
        }
      }
      return published;
    });
  }

  /**
   * The bureau's list (docs/domain.md §5, "Divisions"): every new code is registered and every changed
   * name or kind published with the next version, in one transaction; unchanged codes publish nothing and
   * codes not listed stay as they are. A broken list stores nothing: 400 naming the first bad field.
   */
  async import(dto: DivisionImportDto): Promise<{ received: number; published: number; unchanged: number }> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
      const towns: { code: string }[] = await m.query(
        `SELECT code FROM division WHERE level = 'town' AND (retired_on IS NULL OR retired_on > $1)`,
        [this.clock.today()],
      );
      let list: DivisionRegisteredV1Payload[];
      try {
        list = divisionList(dto, new Set(towns.map((t) => t.code)));
      } catch (e) {
        if (e instanceof DivisionListError) throw ProblemException.invalidField(e.field, e.rule, e.message);
        throw e;
      }
      let published = 0;
      for (const d of list) {
        const version = await this.upsert(m, d);
        if (version) {
          await this.outbox.append(m, createEvent(DivisionRegisteredV1, { ...d, version }, requestOrigin()));
          published++;
        }
      }
      this.logger.log(`imported ${list.length} division codes (${published} new or changed) from ${dto.source}`);
      return { received: list.length, published, unchanged: list.length - published };
    });
  }

  /** A division added by the bureau (a new community after a re-zoning); 409 if the code exists. */
  async register(dto: DivisionInputDto): Promise<DivisionView> {
    return this.dataSource.transaction(async (m) => {
      const [exists] = await m.query(`SELECT 1 FROM division WHERE code = $1`, [dto.code]);
      if (exists) throw ProblemException.conflict(`division ${dto.code} exists`, { code: dto.code });
      const payload = this.payloadOf(dto);
      if (payload.level === 'village') {
        if (!dto.code.startsWith(payload.townCode!))
          throw ProblemException.invalidField('code', 'withinTown', 'code must start with the code of its town');
        await this.assertTown(m, 'townCode', payload.townCode!);
      }
      const version = (await this.upsert(m, payload))!;
      await this.outbox.append(m, createEvent(DivisionRegisteredV1, { ...payload, version }, requestOrigin()));
      return this.get(dto.code, m);
    });
  }

  /** Retires a code from a date (on or after today); its villages must be retired first. */
  async retire(code: string, dto: RetireDivisionDto): Promise<DivisionView> {
    return this.dataSource.transaction(async (m) => {
      const d = await this.get(code, m);
      if (d.retiredOn) throw ProblemException.conflict(`division ${code} is retired`, { retiredOn: d.retiredOn });
      const retiredOn = dto.retiredOn ?? this.clock.today();
      if (retiredOn < this.clock.today())
        throw ProblemException.invalidField('retiredOn', 'notPast', 'retiredOn must be today or later');
      const [live] = await m.query(
        `SELECT count(*)::int AS n FROM division WHERE town_code = $1 AND retired_on IS NULL`,
        [code],
      );
      if (live.n > 0)
        throw ProblemException.conflict(`town ${code} still has ${live.n} villages or communities in force`);
      const [[{ version }]] = await m.query(
        `UPDATE division SET retired_on = $2, version = version + 1, updated_at = now() WHERE code = $1 RETURNING version`,
        [code, retiredOn],
      );
      await this.outbox.append(
        m,
        createEvent(
          DivisionRetiredV1,
          { code, level: d.level, retiredOn, reason: dto.reason, version },
          requestOrigin(),
        ),
      );
      return this.get(code, m);
    });
  }

  async get(code: string, m: EntityManager = this.dataSource.manager): Promise<DivisionView> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM division WHERE code = $1`, [code]);
    if (!row) throw ProblemException.notFound('division', code);
    return row;
  }

  list(q: DivisionListQueryDto): Promise<Page<DivisionView>> {
    const f = new Filters().eq('level', q.level).eq('town_code', q.townCode);
    // the business date, not the database's: a moved clock moves what is in force
    if (q.inForce !== undefined)
      f.cond(
        (p) => `(retired_on IS NULL OR retired_on > ${p}::date) = ${q.inForce ? 'true' : 'false'}`,
        this.clock.today(),
      );
    return pageOf(this.dataSource.manager, COLUMNS, 'division', f, 'code', q, (r: DivisionView) => r);
  }

  /**
   * Every division, retired ones included, with its version: what a service whose copy is empty loads
   * once (libs/divisions, division-reference.bootstrap.ts) before following the events. Ordered by code,
   * so offset pages do not shift; a code changed while the pages are read also arrives as an event.
   */
  reference(q: PageQueryDto): Promise<Page<DivisionView>> {
    return pageOf(this.dataSource.manager, COLUMNS, 'division', new Filters(), 'code', q, (r: DivisionView) => r);
  }

  /** 400 naming `field` unless `code` is a town in force on `date` (today by default). */
  async assertTown(m: EntityManager, field: string, code: string, date = this.clock.today()): Promise<void> {
    await this.assertKnown(m, field, code, 'town', date);
  }

  /** 400 naming `field` unless `code` is a village or community of `town` in force. */
  async assertVillage(m: EntityManager, field: string, code: string, town: string): Promise<void> {
    const d = await this.assertKnown(m, field, code, 'village', this.clock.today());
    if (d.town_code !== town)
      throw ProblemException.invalidField(
        field,
        'withinTown',
        `${field} must be a village or community of town ${town}`,
      );
  }

  private async assertKnown(m: EntityManager, field: string, code: string, level: string, date: string) {
    const [d] = await m.query(
      `SELECT level, town_code FROM division WHERE code = $1 AND effective_from <= $2 AND (retired_on IS NULL OR retired_on > $2)`,
      [code, date],
    );
    if (!d || d.level !== level)
      throw ProblemException.invalidField(field, 'knownDivision', `${field} must be a ${level} code in force`);
    return d as { level: string; town_code: string | null };
  }

  private payloadOf(dto: DivisionInputDto): DivisionRegisteredV1Payload {
    const village = dto.code.length === 12;
    if (village && (!dto.townCode || !dto.kind))
      throw ProblemException.invalidField('townCode', 'required', 'a village or community needs townCode and kind');
    return village
      ? {
          code: dto.code,
          level: 'village',
          name: dto.name,
          townCode: dto.townCode,
          kind: dto.kind,
          effectiveFrom: dto.effectiveFrom ?? this.clock.today(),
        }
      : { code: dto.code, level: 'town', name: dto.name, effectiveFrom: dto.effectiveFrom ?? this.clock.today() };
  }

  /**
   * Inserts or updates one division; its new version when something changed (so only changes are
   * published, each with a higher version), undefined when nothing did.
   */
  private async upsert(m: EntityManager, d: DivisionRegisteredV1Payload): Promise<number | undefined> {
    const rows: { version: number }[] = await m.query(
      `INSERT INTO division (code, level, name, town_code, kind, effective_from) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, town_code = EXCLUDED.town_code, kind = EXCLUDED.kind,
         version = division.version + 1, updated_at = now()
       WHERE (division.name, division.town_code, division.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.town_code, EXCLUDED.kind)
       RETURNING version`,
      [d.code, d.level, d.name, d.townCode ?? null, d.kind ?? null, d.effectiveFrom],
    );
    return rows[0]?.version;
  }
}
