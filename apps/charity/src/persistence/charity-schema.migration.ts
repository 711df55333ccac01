import { MigrationInterface, QueryRunner } from 'typeorm';

// The service's own tables. The ledger's guarantees are held by the database itself, so no race or
// bug in the application can break them (docs/domain.md §4 "Transparency"):
// - a ledger entry is never changed or deleted (triggers reject UPDATE, DELETE and TRUNCATE);
//   corrections are reversing entries, at most one per entry, never of a reversal;
// - every entry moves a positive integer amount from one account to another (double entry);
// - the project's fund balance is maintained from the entries by trigger and CHECKed not negative,
//   so two concurrent disbursements cannot both spend the same money.
export class CharitySchema1766000000000 implements MigrationInterface {
  name = 'CharitySchema1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE charity_organisation (
        organisation_id text PRIMARY KEY,
        name text NOT NULL,
        credit_code text NOT NULL UNIQUE,
        town text NOT NULL,
        registered_on date NOT NULL,
        fundraising_from date,
        fundraising_until date,
        grade text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((fundraising_from IS NULL) = (fundraising_until IS NULL)),
        CHECK (fundraising_until IS NULL OR fundraising_until >= fundraising_from)
      )`);
    await q.query(`
      CREATE TABLE organisation_report (
        organisation_id text NOT NULL REFERENCES charity_organisation,
        year int NOT NULL,
        filed_on date NOT NULL,
        income_fen bigint NOT NULL CHECK (income_fen >= 0),
        spending_fen bigint NOT NULL CHECK (spending_fen >= 0),
        PRIMARY KEY (organisation_id, year)
      )`);
    // Grassroots governance's credit lists (its social-organisation events), matched by credit code.
    await q.query(`
      CREATE TABLE governance_credit (
        governance_organisation_id text PRIMARY KEY,
        credit_code text,
        list text NOT NULL DEFAULT 'none' CHECK (list IN ('red', 'black', 'none')),
        list_from date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX governance_credit_code ON governance_credit (credit_code)`);

    await q.query(`
      CREATE TABLE charity_project (
        project_id text PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES charity_organisation,
        title text NOT NULL,
        kind text NOT NULL,
        town text NOT NULL,
        beneficiary_criteria text NOT NULL,
        target_fen bigint NOT NULL CHECK (target_fen > 0),
        launched_on date NOT NULL,
        ends_on date,
        public_fundraising boolean NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX charity_project_org ON charity_project (organisation_id)`);

    await q.query(`
      CREATE TABLE ledger_entry (
        entry_id text PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        project_id text NOT NULL REFERENCES charity_project,
        kind text NOT NULL CHECK (kind IN ('donation', 'disbursement', 'reversal')),
        debit_account text NOT NULL CHECK (debit_account IN ('fund', 'goods', 'donations', 'aid')),
        credit_account text NOT NULL CHECK (credit_account IN ('fund', 'goods', 'donations', 'aid')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reverses text UNIQUE REFERENCES ledger_entry,
        form text CHECK (form IN ('money', 'goods')),
        donor_kind text CHECK (donor_kind IN ('individual', 'company', 'anonymous')),
        donor_public_name text,
        goods_description text,
        person_ref text,
        town text,
        referral_id text,
        reason text,
        booked_on date NOT NULL,
        booked_at timestamptz NOT NULL,
        booked_by text NOT NULL,
        CHECK (debit_account <> credit_account),
        CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ledger_entry_project ON ledger_entry (project_id, seq)`);
    await q.query(`CREATE INDEX ledger_entry_referral ON ledger_entry (referral_id) WHERE referral_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION ledger_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger entries are never changed or deleted; book a reversing entry' USING ERRCODE = 'P0001';
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_entry_no_change BEFORE UPDATE OR DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_immutable()`,
    );
    await q.query(
      `CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_immutable()`,
    );
    await q.query(`
      CREATE FUNCTION ledger_entry_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE original ledger_entry%ROWTYPE;
      BEGIN
        IF NEW.reverses IS NULL THEN RETURN NEW; END IF;
        SELECT * INTO original FROM ledger_entry WHERE entry_id = NEW.reverses;
        IF original.kind = 'reversal' OR original.project_id <> NEW.project_id
           OR original.amount_fen <> NEW.amount_fen
           OR original.debit_account <> NEW.credit_account OR original.credit_account <> NEW.debit_account THEN
          RAISE EXCEPTION 'a reversal mirrors one original entry of the same project' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_entry_reversal BEFORE INSERT ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_check_reversal()`,
    );
    await q.query(`
      CREATE FUNCTION ledger_entry_post() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE charity_project
           SET balance_fen = balance_fen
             + CASE WHEN NEW.debit_account = 'fund' THEN NEW.amount_fen ELSE 0 END
             - CASE WHEN NEW.credit_account = 'fund' THEN NEW.amount_fen ELSE 0 END
         WHERE project_id = NEW.project_id;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_entry_posting AFTER INSERT ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_post()`,
    );

    await q.query(`
      CREATE TABLE crowdfunding_campaign (
        campaign_id text PRIMARY KEY,
        project_id text NOT NULL UNIQUE REFERENCES charity_project,
        organisation_id text NOT NULL REFERENCES charity_organisation,
        person_ref text NOT NULL,
        masked_id text NOT NULL,
        id_number_encrypted text NOT NULL,
        town text NOT NULL,
        purpose text NOT NULL,
        declared_cost_fen bigint NOT NULL CHECK (declared_cost_fen > 0),
        verified_cost_fen bigint CHECK (verified_cost_fen >= 0),
        target_fen bigint NOT NULL CHECK (target_fen > 0),
        opened_on date NOT NULL,
        created_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX crowdfunding_person ON crowdfunding_campaign (person_ref)`);

    await q.query(`
      CREATE TABLE referral (
        referral_id text PRIMARY KEY,
        alert_id text UNIQUE,
        source text NOT NULL CHECK (source IN ('policy-engine', 'social-assistance', 'staff')),
        person_ref text NOT NULL,
        town text NOT NULL,
        help_centre text NOT NULL CHECK (help_centre IN ('major-illness', 'housing-renovation', 'education')),
        summary text NOT NULL,
        received_on date NOT NULL,
        due_date date,
        status text NOT NULL DEFAULT 'open',
        assigned_to text,
        resolved_on date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_queue ON referral (help_centre, status, received_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'referral',
      'crowdfunding_campaign',
      'ledger_entry',
      'charity_project',
      'governance_credit',
      'organisation_report',
      'charity_organisation',
    ])
      await q.query(`DROP TABLE ${t}`);
    for (const f of ['ledger_entry_immutable', 'ledger_entry_check_reversal', 'ledger_entry_post'])
      await q.query(`DROP FUNCTION ${f}`);
  }
}
