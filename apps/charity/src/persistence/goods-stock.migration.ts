import { MigrationInterface, QueryRunner } from 'typeorm';

// Goods (物资) by item, so what was donated in kind can be given out in kind (docs/domain.md §4). As
// for the fund balance, the database holds the guarantees (charity-schema.migration.ts):
// - every entry of the goods account lists its items (item, unit, quantity, value); the lines of an
//   entry sum to its amount (checked at commit) and are never changed or deleted;
// - each project's stock per item is posted from the lines by trigger and CHECKed not negative in
//   quantity and value, so concurrent goods disbursements cannot give out what is not there.
export class GoodsStock1767100000000 implements MigrationInterface {
  name = 'GoodsStock1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE goods_stock (
        project_id text NOT NULL REFERENCES charity_project,
        item text NOT NULL,
        unit text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity >= 0),
        value_fen bigint NOT NULL CHECK (value_fen >= 0),
        PRIMARY KEY (project_id, item, unit)
      )`);
    await q.query(`
      CREATE TABLE ledger_goods_line (
        entry_id text NOT NULL REFERENCES ledger_entry,
        item text NOT NULL,
        unit text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity > 0),
        value_fen bigint NOT NULL CHECK (value_fen > 0),
        PRIMARY KEY (entry_id, item, unit)
      )`);
    await q.query(
      `CREATE TRIGGER ledger_goods_line_no_change BEFORE UPDATE OR DELETE ON ledger_goods_line FOR EACH ROW EXECUTE FUNCTION ledger_entry_immutable()`,
    );
    await q.query(
      `CREATE TRIGGER ledger_goods_line_no_truncate BEFORE TRUNCATE ON ledger_goods_line FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_immutable()`,
    );
    await q.query(`
      CREATE FUNCTION ledger_goods_line_post() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE e ledger_entry%ROWTYPE;
      BEGIN
        SELECT * INTO e FROM ledger_entry WHERE entry_id = NEW.entry_id;
        IF e.debit_account = 'goods' THEN
          INSERT INTO goods_stock (project_id, item, unit, quantity, value_fen)
          VALUES (e.project_id, NEW.item, NEW.unit, NEW.quantity, NEW.value_fen)
          ON CONFLICT (project_id, item, unit) DO UPDATE
            SET quantity = goods_stock.quantity + EXCLUDED.quantity, value_fen = goods_stock.value_fen + EXCLUDED.value_fen;
        ELSIF e.credit_account = 'goods' THEN
          UPDATE goods_stock SET quantity = quantity - NEW.quantity, value_fen = value_fen - NEW.value_fen
           WHERE project_id = e.project_id AND item = NEW.item AND unit = NEW.unit;
          -- an item never held: as below zero
          IF NOT FOUND THEN
            RAISE EXCEPTION 'new row for relation "goods_stock" violates check constraint "goods_stock_quantity_check"'
              USING ERRCODE = '23514', CONSTRAINT = 'goods_stock_quantity_check';
          END IF;
        ELSE
          RAISE EXCEPTION 'goods lines belong to an entry of the goods account' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_goods_line_posting AFTER INSERT ON ledger_goods_line FOR EACH ROW EXECUTE FUNCTION ledger_goods_line_post()`,
    );
    // at commit: an entry of the goods account is exactly the sum of its lines (an entry without lines
    // would be value nobody could give out)
    await q.query(`
      CREATE FUNCTION ledger_goods_entry_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF 'goods' NOT IN (NEW.debit_account, NEW.credit_account) THEN RETURN NULL; END IF;
        IF NEW.amount_fen IS DISTINCT FROM (SELECT sum(value_fen) FROM ledger_goods_line WHERE entry_id = NEW.entry_id) THEN
          RAISE EXCEPTION 'a goods entry is the sum of its item lines' USING ERRCODE = 'P0001';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE CONSTRAINT TRIGGER ledger_goods_entry_balanced AFTER INSERT ON ledger_entry DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_goods_entry_lines()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ledger_goods_entry_balanced ON ledger_entry`);
    await q.query(`DROP TABLE ledger_goods_line`);
    await q.query(`DROP TABLE goods_stock`);
    await q.query(`DROP FUNCTION ledger_goods_entry_lines`);
    await q.query(`DROP FUNCTION ledger_goods_line_post`);
  }
}
