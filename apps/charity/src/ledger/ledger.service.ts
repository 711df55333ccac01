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
import { conflictOn, isCheckViolation } from '../persistence/problems';
import { acceptsDonationsOn, Project, ProjectsService } from '../projects/projects.service';
import { ReferralsService } from '../referrals/referrals.service';
import { disbursementPosting, donationPosting, effectOn, EntryKind, Posting, reversalPosting } from './ledger';
import { ENTRY_SELECT, entryOf, LedgerEntry } from './ledger-entry';
import { DisbursementDto, DonationDto, LedgerQueryDto, ReversalDto } from './ledger-input.dto';

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
    const identity = dto.referralId === undefined ? this.ids.identify(dto.idNumber, 'idNumber') : undefined;
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.forUpdate(m, projectId, user);
      const beneficiary = identity
        ? { personRef: identity.personRef, town: dto.town! }
        : await this.referrals.forAid(m, dto.referralId!);
      assertInArea(user, beneficiary.town, 'the beneficiary');
      this.refuseOverdraw(project, disbursementPosting(dto.amountFen), 'amountFen');
      const entry = await this.book(m, project, user.sub, {
        kind: 'disbursement',
        posting: disbursementPosting(dto.amountFen),
        personRef: beneficiary.personRef,
        town: beneficiary.town,
        referralId: dto.referralId ?? null,
      });
      await this.outbox.append(
        m,
        createEvent(
          AidDisbursedV1,
          {
            projectId,
            organisationId: project.organisationId,
            disbursementId: entry.entryId,
            ledgerEntryId: entry.entryId,
            personRef: beneficiary.personRef,
            town: beneficiary.town,
            amountFen: entry.amountFen,
            disbursedOn: entry.bookedOn,
            ...(dto.referralId ? { referralId: dto.referralId } : {}),
          },
          requestOrigin(),
        ),
      );
      return entry;
    });
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
      `e.*, to_char(e.booked_on, 'YYYY-MM-DD') AS booked_day, (SELECT r.entry_id FROM ledger_entry r WHERE r.reverses = e.entry_id) AS reversed_by`,
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
    } catch (e) {
      if (isCheckViolation(e, 'charity_project_balance_fen_check'))
        throw conflictOn(
          'amountFen',
          'within-balance',
          `the booking would take the fund of project ${project.projectId} below zero`,
        );
      throw e;
    }
    const [row] = await m.query(`${ENTRY_SELECT} WHERE e.entry_id = $1`, [entryId]);
    return entryOf(row);
  }
}
