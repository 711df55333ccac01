import { AidDisbursedV1, createEvent, DonationReceivedV1, LedgerEntryReversedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, ResidentIds } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { qualifiedOn } from '../organisations/organisation-standing';
import { OrganisationsService } from '../organisations/organisations.service';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { refuseIfDead } from '../persistence/person-death';
import { conflictOn, isCheckViolation } from '../persistence/problems';
import { acceptsDonationsOn, Project, ProjectsService } from '../projects/projects.service';
import { ReferralsService } from '../referrals/referrals.service';
import { goodsValueOut } from './goods-stock';
import {
  disbursementPosting,
  donationPosting,
  effectOn,
  EntryKind,
  goodsDisbursementPosting,
  Posting,
  reversalPosting,
} from './ledger';
import { ENTRY_COLUMNS, ENTRY_SELECT, entryOf, GoodsLine, LedgerEntry } from './ledger-entry';
import {
  BeneficiaryDto,
  DisbursementDto,
  DonatedGoodsItemDto,
  DonationDto,
  GoodsDisbursementDto,
  GoodsItemDto,
  LedgerQueryDto,
  ReversalDto,
} from './ledger-input.dto';

interface Booking {
  kind: EntryKind;
  posting: Posting;
  reverses?: string;
  form?: 'money' | 'goods';
  donorKind?: string;
  donorPublicName?: string | null;
  goodsDescription?: string | null;
  personRef?: string;
  town?: string;
  referralId?: string | null;
  reason?: string;
  goodsLines?: GoodsLine[];
}

/** 400 when an item and unit is listed twice (one line per item of an entry). */
function refuseRepeatedItems(items: GoodsItemDto[]): void {
  const seen = new Set<string>();
  items.forEach((i, n) => {
    const key = JSON.stringify([i.item, i.unit]);
    if (seen.has(key))
      throw ProblemException.invalidField(
        `items[${n}]`,
        'unique-item',
        `items[${n}]: ${i.item} (${i.unit}) is listed twice`,
      );
    seen.add(key);
  });
}

/** 400 unless donated goods carry at least a fen per unit and sum to the donation's amount. */
function donatedLines(dto: DonationDto): GoodsLine[] | undefined {
  if (dto.form === 'money') {
    if (dto.items !== undefined)
      throw ProblemException.invalidField('items', 'goods-only', 'items are listed for goods donations only');
    return undefined;
  }
  const items = dto.items as DonatedGoodsItemDto[];
  refuseRepeatedItems(items);
  items.forEach((i, n) => {
    if (i.valueFen < i.quantity)
      throw ProblemException.invalidField(
        `items[${n}].valueFen`,
        'fen-per-unit',
        `items[${n}].valueFen must be at least its quantity (one fen per unit)`,
      );
  });
  const sum = items.reduce((t, i) => t + i.valueFen, 0);
  if (sum !== dto.amountFen)
    throw ProblemException.invalidField(
      'amountFen',
      'sum-of-items',
      `amountFen must be the sum of the items' valueFen (${sum})`,
    );
  return items.map((i) => ({ item: i.item, unit: i.unit, quantity: i.quantity, valueFen: i.valueFen }));
}

/**
 * Bookings on a project's ledger (ledger.ts). Each runs in one transaction with the project row
 * locked, so balance checks and bookings of one project are serialised; the database's CHECK on the
 * fund balance is the last line should a path ever skip the lock.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly projects: ProjectsService,
    private readonly organisations: OrganisationsService,
    private readonly ids: ResidentIds,
    private readonly referrals: ReferralsService,
    private readonly bound: AmountBound,
  ) {}

  async donate(projectId: string, dto: DonationDto, user: AuthenticatedUser): Promise<LedgerEntry> {
    const today = this.clock.today();
    this.bound.check('amountFen', dto.amountFen, today);
    const goodsLines = donatedLines(dto);
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.forUpdate(m, projectId, user);
      if (!acceptsDonationsOn(project, today))
        throw conflictOn('projectId', 'project-open', `project ${projectId} is closed to donations`, {
          status: project.status,
          endsOn: project.endsOn,
        });
      if (project.publicFundraising) {
        const org = await this.organisations.load(m, project.organisationId);
        if (!qualifiedOn(org, today) || org.blackListed)
          throw conflictOn(
            'projectId',
            'qualification-valid',
            `the organisation of project ${projectId} holds no valid public-fundraising qualification today`,
          );
      }
      const entry = await this.book(m, project, user.sub, {
        kind: 'donation',
        posting: donationPosting(dto.form, dto.amountFen),
        form: dto.form,
        donorKind: dto.donorKind,
        donorPublicName: dto.donorKind === 'anonymous' ? null : (dto.donorPublicName ?? null),
        goodsDescription: dto.form === 'goods' ? (dto.goodsDescription ?? null) : null,
        goodsLines,
      });
      await this.outbox.append(
        m,
        createEvent(
          DonationReceivedV1,
          {
            projectId,
            organisationId: project.organisationId,
            donationId: entry.entryId,
            ledgerEntryId: entry.entryId,
            amountFen: entry.amountFen,
            receivedAt: entry.bookedAt,
            donorKind: dto.donorKind,
            form: dto.form,
          },
          requestOrigin(),
        ),
      );
      return entry;
    });
  }

  async disburse(projectId: string, dto: DisbursementDto, user: AuthenticatedUser): Promise<LedgerEntry> {
    const today = this.clock.today();
    this.bound.check('amountFen', dto.amountFen, today);
    const identify = this.beneficiaryOf(dto);
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.forUpdate(m, projectId, user);
      const beneficiary = await identify(m, user);
      this.refuseOverdraw(project, disbursementPosting(dto.amountFen), 'amountFen');
      const entry = await this.book(m, project, user.sub, {
        kind: 'disbursement',
        posting: disbursementPosting(dto.amountFen),
        personRef: beneficiary.personRef,
        town: beneficiary.town,
        referralId: dto.referralId ?? null,
      });
      await this.published(m, project, entry, dto.referralId);
      return entry;
    });
  }

  /**
   * Goods given out in kind: each item at most what the project holds (409 naming items[i].quantity),
   * valued at its share of the item's remaining value (goods-stock.ts), booked from the goods account
   * to aid and published like money aid (charity.project.aid-disbursed, amountFen = the value).
   */
  async disburseGoods(projectId: string, dto: GoodsDisbursementDto, user: AuthenticatedUser): Promise<LedgerEntry> {
    const today = this.clock.today();
    refuseRepeatedItems(dto.items);
    const identify = this.beneficiaryOf(dto);
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.forUpdate(m, projectId, user);
      const beneficiary = await identify(m, user);
      const stock: { item: string; unit: string; quantity: string; value_fen: string }[] = await m.query(
        `SELECT item, unit, quantity, value_fen FROM goods_stock WHERE project_id = $1 FOR UPDATE`,
        [projectId],
      );
      const lines = dto.items.map((i, n): GoodsLine => {
        const held = stock.find((s) => s.item === i.item && s.unit === i.unit);
        const line = { quantity: Number(held?.quantity ?? 0), valueFen: Number(held?.value_fen ?? 0) };
        if (i.quantity > line.quantity)
          throw conflictOn(
            `items[${n}].quantity`,
            'within-stock',
            `items[${n}].quantity: project ${projectId} holds ${line.quantity} ${i.unit} of ${i.item}`,
            { inStock: line.quantity },
          );
        return { item: i.item, unit: i.unit, quantity: i.quantity, valueFen: goodsValueOut(line, i.quantity) };
      });
      const valueFen = lines.reduce((t, l) => t + l.valueFen, 0);
      this.bound.check('items', valueFen, today);
      const entry = await this.book(m, project, user.sub, {
        kind: 'disbursement',
        posting: goodsDisbursementPosting(valueFen),
        form: 'goods',
        personRef: beneficiary.personRef,
        town: beneficiary.town,
        referralId: dto.referralId ?? null,
        goodsLines: lines,
      });
      await this.published(m, project, entry, dto.referralId);
      return entry;
    });
  }

  /** The beneficiary: identified before the transaction, a referral's person read inside it. */
  private beneficiaryOf(dto: BeneficiaryDto) {
    const identity = dto.referralId === undefined ? this.ids.identify(dto.idNumber, 'idNumber') : undefined;
    return async (m: EntityManager, user: AuthenticatedUser) => {
      const beneficiary = identity
        ? { personRef: identity.personRef, town: dto.town! }
        : await this.referrals.forAid(m, dto.referralId!);
      assertInArea(user, beneficiary.town, 'the beneficiary');
      await refuseIfDead(m, beneficiary.personRef, identity ? 'idNumber' : 'referralId');
      return beneficiary;
    };
  }

  private published(m: EntityManager, project: Project, entry: LedgerEntry, referralId?: string) {
    return this.outbox.append(
      m,
      createEvent(
        AidDisbursedV1,
        {
          projectId: project.projectId,
          organisationId: project.organisationId,
          disbursementId: entry.entryId,
          ledgerEntryId: entry.entryId,
          personRef: entry.personRef!,
          town: entry.town!,
          amountFen: entry.amountFen,
          disbursedOn: entry.bookedOn,
          ...(referralId ? { referralId } : {}),
        },
        requestOrigin(),
      ),
    );
  }

  async reverse(projectId: string, entryId: string, dto: ReversalDto, user: AuthenticatedUser): Promise<LedgerEntry> {
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.forUpdate(m, projectId, user);
      const [row] = await m.query(`${ENTRY_SELECT} WHERE e.entry_id = $1 AND e.project_id = $2`, [entryId, projectId]);
      if (!row) throw ProblemException.notFound('ledger entry', entryId);
      const original = entryOf(row);
      if (original.kind === 'reversal')
        throw conflictOn('entryId', 'not-a-reversal', 'a reversing entry is not reversed; book the original again');
      if (original.reversedBy)
        throw conflictOn('entryId', 'reversed-once', `entry ${entryId} is already reversed by ${original.reversedBy}`);
      const posting = reversalPosting({
        debit: original.debit,
        credit: original.credit,
        amountFen: original.amountFen,
      });
      this.refuseOverdraw(project, posting, 'entryId');
      const entry = await this.book(m, project, user.sub, {
        kind: 'reversal',
        posting,
        reverses: entryId,
        form: original.form ?? undefined,
        personRef: original.personRef ?? undefined,
        town: original.town ?? undefined,
        referralId: original.referralId,
        reason: dto.reason,
        // the same items go back (a reversed gift in kind leaves the stock; a reversed give-out returns to it)
        goodsLines: original.goodsItems ?? undefined,
      });
      await this.outbox.append(
        m,
        createEvent(
          LedgerEntryReversedV1,
          {
            projectId,
            organisationId: project.organisationId,
            ledgerEntryId: entry.entryId,
            reversedEntryId: entryId,
            amountFen: entry.amountFen,
            reversedAt: entry.bookedAt,
            reason: dto.reason,
          },
          requestOrigin(),
        ),
      );
      return entry;
    });
  }

  async entries(projectId: string, q: LedgerQueryDto, user?: AuthenticatedUser): Promise<Page<LedgerEntry>> {
    const project = await this.projects.load(this.dataSource.manager, projectId);
    if (user) assertInArea(user, project.town, `project ${projectId}`);
    const f = new Filters().eq('e.project_id', projectId);
    return pageOf<Record<string, any>, LedgerEntry>(
      this.dataSource.manager,
      ENTRY_COLUMNS,
      'ledger_entry e',
      f,
      'e.seq',
      q,
      entryOf,
    );
  }

  private refuseOverdraw(project: Project, posting: Posting, field: string): void {
    const after = project.balanceFen + effectOn('fund', posting);
    if (after < 0)
      throw conflictOn(
        field,
        'within-balance',
        `${field}: the booking would take the fund of project ${project.projectId} below zero (balance ${project.balanceFen} fen)`,
        { balanceFen: project.balanceFen },
      );
  }

  private async book(m: EntityManager, project: Project, by: string, b: Booking): Promise<LedgerEntry> {
    const entryId = `led-${randomUUID()}`;
    try {
      await m.query(
        `INSERT INTO ledger_entry (entry_id, project_id, kind, debit_account, credit_account, amount_fen, reverses, form, donor_kind, donor_public_name, goods_description, person_ref, town, referral_id, reason, booked_on, booked_at, booked_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          entryId,
          project.projectId,
          b.kind,
          b.posting.debit,
          b.posting.credit,
          b.posting.amountFen,
          b.reverses ?? null,
          b.form ?? null,
          b.donorKind ?? null,
          b.donorPublicName ?? null,
          b.goodsDescription ?? null,
          b.personRef ?? null,
          b.town ?? null,
          b.referralId ?? null,
          b.reason ?? null,
          this.clock.today(),
          this.clock.now(),
          by,
        ],
      );
      if (b.goodsLines?.length)
        await m.query(
          `INSERT INTO ledger_goods_line (entry_id, item, unit, quantity, value_fen)
           SELECT $1, item, unit, quantity, value_fen FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(item, unit, quantity, value_fen)`,
          [
            entryId,
            b.goodsLines.map((l) => l.item),
            b.goodsLines.map((l) => l.unit),
            b.goodsLines.map((l) => l.quantity),
            b.goodsLines.map((l) => l.valueFen),
          ],
        );
    } catch (e) {
      if (isCheckViolation(e, 'charity_project_balance_fen_check'))
        throw conflictOn(
          'amountFen',
          'within-balance',
          `the booking would take the fund of project ${project.projectId} below zero`,
        );
      if (isCheckViolation(e, 'goods_stock_quantity_check') || isCheckViolation(e, 'goods_stock_value_fen_check'))
        throw conflictOn(
          b.kind === 'reversal' ? 'entryId' : 'items',
          'within-stock',
          `the booking would take the goods of project ${project.projectId} below zero`,
        );
      throw e;
    }
    const [row] = await m.query(`${ENTRY_SELECT} WHERE e.entry_id = $1`, [entryId]);
    return entryOf(row);
  }
}
