import { MigrationInterface, QueryRunner } from 'typeorm';

// A child's own death (docs/domain.md §3, "A child's own death"): the record leaves care ('deceased'),
// remembering the status it had so a revoked death record can restore exactly that; placement tasks and
// work items the death closed say so (closed_reason), so the revocation reopens those and no others.
export class ChildWelfareChildDeath1766000000004 implements MigrationInterface {
  name = 'ChildWelfareChildDeath1766000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_status_check`);
    await q.query(
      `ALTER TABLE child ADD CONSTRAINT child_status_check CHECK (status IN ('active', 'aged-out', 'deceased'))`,
    );
    await q.query(`ALTER TABLE child ADD COLUMN deceased_on date, ADD COLUMN status_before_death text`);
    await q.query(
      `ALTER TABLE child ADD CONSTRAINT child_deceased_has_date CHECK ((status = 'deceased') = (deceased_on IS NOT NULL AND status_before_death IS NOT NULL))`,
    );
    await q.query(`ALTER TABLE placement_task DROP CONSTRAINT placement_task_status_check`);
    await q.query(
      `ALTER TABLE placement_task ADD CONSTRAINT placement_task_status_check CHECK (status IN ('open', 'done', 'closed'))`,
    );
    await q.query(`ALTER TABLE placement_task ADD COLUMN closed_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE placement_task DROP COLUMN closed_reason`);
    await q.query(`ALTER TABLE placement_task DROP CONSTRAINT placement_task_status_check`);
    await q.query(
      `ALTER TABLE placement_task ADD CONSTRAINT placement_task_status_check CHECK (status IN ('open', 'done'))`,
    );
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_deceased_has_date`);
    await q.query(`ALTER TABLE child DROP COLUMN deceased_on, DROP COLUMN status_before_death`);
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_status_check`);
    await q.query(`ALTER TABLE child ADD CONSTRAINT child_status_check CHECK (status IN ('active', 'aged-out'))`);
  }
}
