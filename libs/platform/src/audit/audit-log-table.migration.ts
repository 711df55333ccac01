import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit_log table in the service's schema. A trigger rejects UPDATE, DELETE and TRUNCATE, and
 * a unique prev_hash makes a forked chain impossible to commit even if the append lock were skipped.
 */
export class AuditLogTable1764300000000 implements MigrationInterface {
  name = 'AuditLogTable1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq         bigserial PRIMARY KEY,
        at          timestamptz NOT NULL,
        actor       text NOT NULL,
        action      text NOT NULL,
        object_type text NOT NULL,
        object_id   text NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}',
        prev_hash   text NOT NULL UNIQUE,
        hash        text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_log_object ON audit_log (object_type, object_id)`);
    await q.query(`
      CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_reject_change()`);
  }
}
