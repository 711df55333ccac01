import { residentIdRule } from '@civic/identity';
import { currentRefSql } from '@civic/operations';
import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PersonIdentityService } from '../../identity/person-identity.service';
import { Criteria } from './registry-query';

// a search by personRefs under a key rotated away finds the person under the ref they were re-keyed to
const CURRENT_REFS = `SELECT ${currentRefSql('r')} FROM unnest($1::text[]) r`;

/** A DCI social-registry Person record (social/v1 Person vocabulary, masked; enrolments as an extension). */
export type RegistryPerson = Record<string, unknown>;

/** Answers DCI searches and the duplicate check from the read model. */
@Injectable()
export class RegistryService {
  constructor(
    private readonly identities: PersonIdentityService,
    private readonly dataSource: DataSource,
  ) {}

  /** Resident ID numbers become personRefs here; they are never stored or echoed. */
  resolve(c: Criteria): Criteria {
    if (!c.residentIds) return c;
    const refs = c.residentIds.flatMap((raw) => {
      const p = this.identities.parse(raw);
      return p.ok ? this.identities.refsForLookup(p.number) : [];
    });
    const { residentIds: _ignored, ...rest } = c;
    return { ...rest, personRefs: rest.personRefs ? rest.personRefs.filter((r) => refs.includes(r)) : refs };
  }

  /**
   * The filter as stored and echoed: an idtype-value filter by resident ID becomes the same filter by
   * the number's current personRef, so neither dci_subscription, dci_transaction nor the on-subscribe
   * callback holds the raw number. Undefined when the number is not a valid resident ID.
   */
  pseudonymousFilter(filterType: string, filter: unknown, criteria: Criteria): unknown {
    if (!criteria.residentIds) return filter;
    const parsed = this.identities.parse(criteria.residentIds[0]);
    if (filterType !== 'idtype-value' || !parsed.ok) return undefined;
    return { type: 'PERSON_REF', value: this.identities.identify(parsed.number).personRef };
  }

  /** One page of persons matching the criteria, ordered by personRef. */
  async search(
    manager: EntityManager,
    criteria: Criteria,
    pageSize: number,
    pageNumber: number,
  ): Promise<{ records: RegistryPerson[]; total: number }> {
    const c = this.resolve(criteria);
    const params = [
      c.personRefs ?? null,
      c.householdIds ?? null,
      c.towns ?? null,
      c.programmes ?? null,
      c.departments ?? null,
    ];
    const where = `($1::text[] IS NULL OR person_ref = ANY(${CURRENT_REFS})) AND ($2::text[] IS NULL OR household_id = ANY($2)) AND ($3::text[] IS NULL OR town = ANY($3))
      AND ($4::text[] IS NULL OR programme = ANY($4)) AND ($5::text[] IS NULL OR department = ANY($5))`;
    const rows = await manager.query(
      `WITH facts AS (
         SELECT m.person_ref, m.household_id, h.town, NULL::text AS programme, NULL::text AS department FROM rm_member m JOIN rm_household h USING (household_id)
         UNION ALL SELECT person_ref, household_id, town, programme, department FROM rm_enrolment
         UNION ALL SELECT person_ref, NULL, NULL, NULL, NULL FROM hub_record WHERE record_type = 'death'
       ), hits AS (SELECT DISTINCT person_ref FROM facts WHERE ${where})
       SELECT person_ref, count(*) OVER () AS total FROM hits ORDER BY person_ref LIMIT $6 OFFSET $7`,
      [...params, pageSize, (pageNumber - 1) * pageSize],
    );
    const total = rows.length ? Number(rows[0].total) : 0;
    const refs: string[] = rows.map((r: { person_ref: string }) => r.person_ref);
    return { records: await this.persons(manager, refs), total };
  }

  /**
   * Current enrolments of a person across departments (the cross-programme duplicate check), only in
   * the caller's towns: a role opens a kind of record, not every town's (as in social-assistance).
   */
  async enrolments(user: AuthenticatedUser, personRef: string, statuses: string[], limit: number, offset: number) {
    const rows = await this.dataSource.query(
      `SELECT enrolment_id, department, programme, household_id, town, status, effective_from::text AS effective_from, monthly_amount_fen, count(*) OVER () AS total
       FROM rm_enrolment WHERE person_ref = ${currentRefSql('$1')} AND status = ANY($2) AND ($5::text[] IS NULL OR town = ANY($5))
       ORDER BY department, programme, enrolment_id LIMIT $3 OFFSET $4`,
      [personRef, statuses, limit, offset, user.towns ?? null],
    );
    return {
      personRef,
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: Record<string, unknown>) => ({
        enrolmentId: r.enrolment_id,
        department: r.department,
        programme: r.programme,
        householdId: r.household_id,
        town: r.town,
        status: r.status,
        effectiveFrom: r.effective_from,
        monthlyAmountFen: r.monthly_amount_fen === null ? null : Number(r.monthly_amount_fen),
      })),
    };
  }

  /**
   * Active enrolments of the person with this ID number, answered by personRef and masked ID (the
   * number itself is not echoed). Every personRef the number may have had is looked up, so a key
   * rotation does not hide an older enrolment.
   */
  async duplicateCheck(user: AuthenticatedUser, idNumber: string) {
    const parsed = this.identities.parse(idNumber);
    if (!parsed.ok)
      throw ProblemException.invalidField('idNumber', residentIdRule(parsed.reason), `idNumber ${parsed.message}`);
    const { personRef, maskedId } = this.identities.identify(parsed.number);
    const results = await Promise.all(
      this.identities.refsForLookup(parsed.number).map((ref) => this.enrolments(user, ref, ['active'], 200, 0)),
    );
    const items = results.flatMap((r) => r.items);
    return { personRef, maskedId, total: items.length, items };
  }

  async persons(manager: EntityManager, refs: string[]): Promise<RegistryPerson[]> {
    if (!refs.length) return [];
    const members = await manager.query(
      `SELECT m.*, m.birth_date::text AS birth_date, h.town, h.village FROM rm_member m JOIN rm_household h USING (household_id) WHERE m.person_ref = ANY($1)`,
      [refs],
    );
    const enrolments = await manager.query(
      `SELECT *, effective_from::text AS effective_from FROM rm_enrolment WHERE person_ref = ANY($1) ORDER BY department, programme`,
      [refs],
    );
    const identities = await manager.query(
      `SELECT person_ref, masked_id FROM person_identity WHERE person_ref = ANY($1)`,
      [refs],
    );
    // a death is known from the life-event records themselves, so it shows for people with no enrolment
    // too; a revoked record does not count, and a formal record wins over an informal report
    const deaths = await manager.query(
      `SELECT DISTINCT ON (d.person_ref) d.person_ref, d.payload->>'deathDate' AS death_date, d.payload->>'status' AS death_status
       FROM hub_record d
       WHERE d.record_type = 'death' AND d.person_ref = ANY($1) AND coalesce(d.payload->>'status', '') <> 'revoked'
         AND NOT EXISTS (SELECT 1 FROM hub_record r WHERE r.record_type = 'death' AND r.person_ref = d.person_ref
                         AND r.payload->>'status' = 'revoked' AND r.payload->>'revokesRecordId' = d.record_id)
       ORDER BY d.person_ref, (d.payload->>'status' = 'formal') DESC, d.received_at DESC`,
      [refs],
    );
    return refs.map((ref) => {
      const m = members.find((x: Record<string, unknown>) => x.person_ref === ref);
      const masked = m?.masked_id ?? identities.find((x: Record<string, unknown>) => x.person_ref === ref)?.masked_id;
      const mine = enrolments.filter((x: Record<string, unknown>) => x.person_ref === ref);
      const death = deaths.find((x: Record<string, unknown>) => x.person_ref === ref);
      return {
        '@context': 'https://schema.spdci.org/extensions/social/v1/Person.jsonld',
        '@type': 'Person',
        identifier: [
          { '@type': 'Identifier', identifier_type: 'PERSON_REF', identifier_value: ref },
          ...(masked
            ? [{ '@type': 'Identifier', identifier_type: 'MASKED_RESIDENT_ID', identifier_value: masked }]
            : []),
        ],
        ...(m
          ? {
              sex: m.sex,
              birth_date: m.birth_date,
              is_disabled: m.disability_level !== null,
              ...(m.disability_level !== null ? { disability_level: m.disability_level } : {}),
              household_identifier: m.household_id,
              household_role: m.relation,
              region_code: m.town,
              sub_region_code: m.village,
            }
          : { region_code: mine[0]?.town }),
        ...(death
          ? {
              is_deceased: true,
              ...(death.death_date ? { death_date: death.death_date } : {}),
              death_status: death.death_status ?? 'formal',
            }
          : { is_deceased: false }),
        enrolments: mine.map((x: Record<string, unknown>) => ({
          enrolment_identifier: x.enrolment_id,
          department: x.department,
          programme_identifier: x.programme,
          enrolment_status: x.status,
          enrolment_date: x.effective_from,
        })),
      };
    });
  }
}
