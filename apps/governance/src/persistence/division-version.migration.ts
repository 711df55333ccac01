import { MigrationInterface, QueryRunner } from 'typeorm';

// Each division carries its revision and the time it last changed, so a service loading the list over
// REST (libs/divisions, division-reference.bootstrap.ts) and the events published after it agree on
// which state is newer: the higher version wins, whichever arrives first.
export class GovernanceDivisionVersion1765200000002 implements MigrationInterface {
  name = 'GovernanceDivisionVersion1765200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE division ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version >= 1)`);
    await q.query(`ALTER TABLE division ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE division DROP COLUMN updated_at, DROP COLUMN version`);
  }
}
