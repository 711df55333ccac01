import { MigrationInterface, QueryRunner } from 'typeorm';

// Workforce, workstations and adoption (docs/domain.md §3): one child director per village and one supervisor per
// town at a time (partial unique indexes), one minor-protection workstation per town.
export class ChildWelfareWorkforceAdoption1766000000001 implements MigrationInterface {
  name = 'ChildWelfareWorkforceAdoption1766000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE child_worker (
        worker_id text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('director', 'supervisor')),
        name text NOT NULL,
        town text NOT NULL,
        village text,
        assigned_on date NOT NULL,
        ended_on date,
        assigned_by text NOT NULL,
        CHECK ((role = 'director') = (village IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX child_worker_one_director ON child_worker (village) WHERE role = 'director' AND ended_on IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX child_worker_one_supervisor ON child_worker (town) WHERE role = 'supervisor' AND ended_on IS NULL`,
    );
    await q.query(`
      CREATE TABLE workstation (
        station_id text PRIMARY KEY,
        town text NOT NULL UNIQUE,
        name text NOT NULL,
        opened_on date NOT NULL,
        registered_by text NOT NULL
      )`);
    // adoption: applied → assessed (suitable / unsuitable) → registered; registration needs a suitable assessment
    await q.query(`
      CREATE TABLE adoption (
        adoption_id text PRIMARY KEY,
        child_ref text NOT NULL,
        child_masked_id text NOT NULL,
        town text NOT NULL,
        adoptive_mother_ref text,
        adoptive_father_ref text,
        status text NOT NULL CHECK (status IN ('assessment', 'suitable', 'unsuitable', 'registered')),
        assessment_note text,
        assessed_by text,
        registered_on date,
        applied_by text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        CHECK (adoptive_mother_ref IS NOT NULL OR adoptive_father_ref IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE adoption`);
    await q.query(`DROP TABLE workstation`);
    await q.query(`DROP TABLE child_worker`);
  }
}
