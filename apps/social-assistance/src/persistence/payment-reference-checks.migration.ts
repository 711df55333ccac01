import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment's run and case are checked once per statement instead of by two foreign keys
 * (docs/adr/0019-payment-reference-checks.md): a foreign key checks (and, for the case, locks) the
 * referenced row once per payment row, which was a quarter of the monthly run's insert statement, every
 * row of a run naming the same run. The integrity the keys held stays in the database:
 * - a payment inserted names an existing case and, when it has one, an existing run: one anti-join
 *   over the statement's inserted rows (a transition table), after the statement;
 * - a payment whose run or case is changed names existing ones (a row trigger, only when they change);
 * - a run or a case is never deleted, its id never changed and its table not truncated while payments
 *   exist, so a check that passed stays true without the per-row lock a foreign key takes.
 */
export class PaymentReferenceChecks1767500000000 implements MigrationInterface {
  name = 'PaymentReferenceChecks1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_run_id_fkey`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_case_id_fkey`);

    // the same SQLSTATE a foreign key raises (23503), so callers and logs read it as one
    await q.query(`
      CREATE FUNCTION payment_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        orphan_payment text;
        orphan_case text;
        orphan_run text;
      BEGIN
        -- EXECUTE: planned for this statement's row count (a cached plan made for one arrears row
        -- would probe the indexes once per payment of a 100,000-row run)
        EXECUTE 'SELECT n.payment_id, n.run_id, n.case_id FROM new_payments n
                  WHERE NOT EXISTS (SELECT 1 FROM assistance_case c WHERE c.case_id = n.case_id)
                     OR (n.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payment_run r WHERE r.run_id = n.run_id))
                  LIMIT 1' INTO orphan_payment, orphan_run, orphan_case;
        IF orphan_payment IS NOT NULL THEN
          RAISE EXCEPTION 'payment % names case % and run %, one of which does not exist',
            orphan_payment, orphan_case, orphan_run
            USING ERRCODE = 'foreign_key_violation', TABLE = 'payment';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_references_on_insert AFTER INSERT ON payment
        REFERENCING NEW TABLE AS new_payments FOR EACH STATEMENT EXECUTE FUNCTION payment_references_exist()`);

    await q.query(`
      CREATE FUNCTION payment_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM assistance_case c WHERE c.case_id = NEW.case_id)
           OR (NEW.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payment_run r WHERE r.run_id = NEW.run_id)) THEN
          RAISE EXCEPTION 'payment % names case % and run %, one of which does not exist',
            NEW.payment_id, NEW.case_id, NEW.run_id
            USING ERRCODE = 'foreign_key_violation', TABLE = 'payment';
        END IF;
        RETURN NULL;
      END $$`);
    // WHEN: a status change (confirm, stop, re-key of person_ref) never calls the function
    await q.query(`
      CREATE TRIGGER payment_references_on_update AFTER UPDATE ON payment FOR EACH ROW
        WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id OR OLD.case_id IS DISTINCT FROM NEW.case_id)
        EXECUTE FUNCTION payment_reference_changed()`);

    await q.query(`
      CREATE FUNCTION payment_referenced_row_is_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are kept: never deleted, their id never changed (payments name them)', TG_TABLE_NAME
          USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_run_is_kept BEFORE DELETE OR UPDATE OF run_id ON payment_run FOR EACH ROW
        EXECUTE FUNCTION payment_referenced_row_is_kept()`);
    await q.query(`
      CREATE TRIGGER assistance_case_is_kept BEFORE DELETE OR UPDATE OF case_id ON assistance_case FOR EACH ROW
        EXECUTE FUNCTION payment_referenced_row_is_kept()`);

    // TRUNCATE fires no row trigger; as with a foreign key, it is refused unless payment is emptied with it
    await q.query(`
      CREATE FUNCTION payment_referenced_table_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM payment) THEN
          RAISE EXCEPTION '% cannot be truncated while payments name its rows', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_run_truncated AFTER TRUNCATE ON payment_run
        FOR EACH STATEMENT EXECUTE FUNCTION payment_referenced_table_truncated()`);
    await q.query(`
      CREATE TRIGGER assistance_case_truncated AFTER TRUNCATE ON assistance_case
        FOR EACH STATEMENT EXECUTE FUNCTION payment_referenced_table_truncated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER assistance_case_truncated ON assistance_case`);
    await q.query(`DROP TRIGGER payment_run_truncated ON payment_run`);
    await q.query(`DROP FUNCTION payment_referenced_table_truncated()`);
    await q.query(`DROP TRIGGER assistance_case_is_kept ON assistance_case`);
    await q.query(`DROP TRIGGER payment_run_is_kept ON payment_run`);
    await q.query(`DROP FUNCTION payment_referenced_row_is_kept()`);
    await q.query(`DROP TRIGGER payment_references_on_update ON payment`);
    await q.query(`DROP FUNCTION payment_reference_changed()`);
    await q.query(`DROP TRIGGER payment_references_on_insert ON payment`);
    await q.query(`DROP FUNCTION payment_references_exist()`);
    await q.query(
      `ALTER TABLE payment ADD CONSTRAINT payment_case_id_fkey FOREIGN KEY (case_id) REFERENCES assistance_case`,
    );
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_run_id_fkey FOREIGN KEY (run_id) REFERENCES payment_run`);
  }
}
