import { MigrationInterface, QueryRunner } from 'typeorm';

// Guardianship reviews (docs/domain.md §3, "Guardianship reviews"): one row per review with its outcome, the
// reviewer and the next due date it set; the arrangement itself stays on child / guardianship_change.
export class ChildWelfareGuardianshipReview1766000000005 implements MigrationInterface {
  name = 'ChildWelfareGuardianshipReview1766000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardianship_review (
        review_id text PRIMARY KEY,
        child_id text NOT NULL REFERENCES child,
        outcome text NOT NULL CHECK (outcome IN ('guardian-fit', 'guardian-unfit', 'change-guardian')),
        reviewed_on date NOT NULL,
        reviewed_by text NOT NULL,
        note text NOT NULL,
        guardianship text NOT NULL,
        guardian_ref text,
        next_review_due date NOT NULL CHECK (next_review_due > reviewed_on),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX guardianship_review_child ON guardianship_review (child_id, reviewed_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardianship_review`);
  }
}
