import { MigrationInterface, QueryRunner } from 'typeorm';

// Community home care (居家社区养老, docs/domain.md §2): centres, stations and elder canteens per village;
// service orders for elders with their delivery records. A delivery belongs to one order; an order is
// delivered once (status guarded in home-care.service.ts under a row lock).
export class HomeCare1765200000003 implements MigrationInterface {
  name = 'HomeCare1765200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE care_site (
        site_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('centre', 'station', 'canteen')),
        name text NOT NULL,
        town text NOT NULL,
        village text NOT NULL,
        opened_on date NOT NULL,
        registered_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX care_site_town ON care_site (town, village)`);
    await q.query(`
      CREATE TABLE service_order (
        order_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        site_id text NOT NULL REFERENCES care_site,
        town text NOT NULL,
        service text NOT NULL CHECK (service IN ('meals', 'cleaning', 'medical-help', 'safety-check')),
        ordered_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'delivered', 'cancelled')),
        ordered_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX service_order_elder ON service_order (elder_id, ordered_on)`);
    await q.query(`
      CREATE TABLE service_delivery (
        order_id text PRIMARY KEY REFERENCES service_order,
        delivered_on date NOT NULL,
        delivered_by text NOT NULL,
        notes text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_delivery`);
    await q.query(`DROP TABLE service_order`);
    await q.query(`DROP TABLE care_site`);
  }
}
