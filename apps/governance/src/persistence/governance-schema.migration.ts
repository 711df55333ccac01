import { MigrationInterface, QueryRunner } from 'typeorm';

// The service's own tables (docs/architecture.md "Adding a service": own database, schema changes by
// migration). Invariants the database holds itself, so no race in the application can break them:
// - one registration number per organisation, one annual report per organisation and year;
// - one certificate number per social worker, one station per town and one point per village;
// - one active assignment per person and department; one visit task per requesting event;
// - one hardship record per department record (a redelivered approval adds nobody twice).
export class GovernanceSchema1765200000000 implements MigrationInterface {
  name = 'GovernanceSchema1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE division (
        code text PRIMARY KEY,
        level text NOT NULL CHECK (level IN ('town', 'village')),
        name text NOT NULL,
        town_code text REFERENCES division,
        kind text CHECK (kind IN ('village', 'community')),
        effective_from date NOT NULL,
        retired_on date,
        CHECK ((level = 'town') = (town_code IS NULL))
      )`);
    await q.query(`CREATE INDEX division_town ON division (town_code)`);

    await q.query(`
      CREATE TABLE social_organisation (
        organisation_id text PRIMARY KEY,
        registration_number text NOT NULL CONSTRAINT social_organisation_registration_number UNIQUE,
        name text NOT NULL,
        credit_code text,
        kind text NOT NULL,
        town text NOT NULL REFERENCES division,
        registered_on date NOT NULL,
        hub boolean NOT NULL DEFAULT false,
        grade int CHECK (grade BETWEEN 1 AND 5),
        graded_on date,
        credit_list text NOT NULL DEFAULT 'none' CHECK (credit_list IN ('red', 'black', 'none')),
        credit_reason text,
        credit_from date,
        registered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX social_organisation_town ON social_organisation (town, kind)`);
    await q.query(`
      CREATE TABLE organisation_change (
        organisation_id text NOT NULL REFERENCES social_organisation,
        seq int NOT NULL,
        change text NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        reason text NOT NULL,
        changed_on date NOT NULL,
        changed_by text NOT NULL,
        PRIMARY KEY (organisation_id, seq)
      )`);
    await q.query(`
      CREATE TABLE annual_report (
        organisation_id text NOT NULL REFERENCES social_organisation,
        year int NOT NULL,
        due_date date NOT NULL,
        filed_on date,
        on_time boolean,
        late_flagged_on date,
        filed_by text,
        PRIMARY KEY (organisation_id, year)
      )`);
    await q.query(`
      CREATE TABLE inspection_draw (
        inspection_id text PRIMARY KEY,
        name text NOT NULL,
        seed text NOT NULL,
        sample_size int NOT NULL CHECK (sample_size > 0),
        population int NOT NULL,
        town text,
        drawn_on date NOT NULL,
        drawn_by text NOT NULL,
        selected jsonb NOT NULL
      )`);

    await q.query(`
      CREATE TABLE station (
        station_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('station', 'point')),
        town text NOT NULL REFERENCES division,
        village text REFERENCES division,
        name text NOT NULL,
        opened_on date NOT NULL,
        CHECK ((kind = 'point') = (village IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX station_one_per_town ON station (town) WHERE kind = 'station'`);
    await q.query(`CREATE UNIQUE INDEX station_one_point_per_village ON station (village) WHERE kind = 'point'`);
    await q.query(`
      CREATE TABLE social_worker (
        social_worker_id text PRIMARY KEY,
        name text NOT NULL,
        station_id text NOT NULL REFERENCES station,
        town text NOT NULL,
        certificate_number text CONSTRAINT social_worker_certificate_number UNIQUE,
        certificate_level text CHECK (certificate_level IN ('assistant', 'intermediate', 'senior')),
        certified_on date,
        CHECK ((certificate_number IS NULL) = (certificate_level IS NULL))
      )`);
    await q.query(`
      CREATE TABLE assignment (
        assignment_id text PRIMARY KEY,
        social_worker_id text NOT NULL REFERENCES social_worker,
        person_ref text NOT NULL,
        town text NOT NULL,
        department text NOT NULL,
        assigned_on date NOT NULL,
        reason text NOT NULL,
        ended_on date,
        end_reason text
      )`);
    await q.query(
      `CREATE UNIQUE INDEX assignment_one_active ON assignment (person_ref, department) WHERE ended_on IS NULL`,
    );
    await q.query(`
      CREATE TABLE person_in_hardship (
        person_ref text NOT NULL,
        source text NOT NULL,
        source_ref text NOT NULL,
        town text NOT NULL,
        since date NOT NULL,
        ended_on date,
        PRIMARY KEY (source, source_ref)
      )`);
    await q.query(`CREATE INDEX person_in_hardship_person ON person_in_hardship (person_ref) WHERE ended_on IS NULL`);
    await q.query(`
      CREATE TABLE visit_task (
        task_id text PRIMARY KEY,
        cause_event_id text NOT NULL CONSTRAINT visit_task_cause UNIQUE,
        requested_by text NOT NULL,
        kind text NOT NULL,
        request_ref text,
        person_ref text NOT NULL,
        town text NOT NULL,
        received_on date NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'scheduled', 'completed', 'cancelled')),
        social_worker_id text REFERENCES social_worker,
        scheduled_on date,
        completed_on date,
        outcome text,
        findings text,
        escalated_on date,
        cancel_reason text
      )`);
    await q.query(`CREATE INDEX visit_task_open ON visit_task (status, due_date)`);
    await q.query(`CREATE INDEX visit_task_person ON visit_task (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'visit_task',
      'person_in_hardship',
      'assignment',
      'social_worker',
      'station',
      'inspection_draw',
      'annual_report',
      'organisation_change',
      'social_organisation',
      'division',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
