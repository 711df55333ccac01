import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNTS } from './ledger';

// What the ledger routes answer (ledger-entry.ts LedgerEntry and publicEntryOf, public-ledger.service.ts).

const text = { type: String, nullable: true };
const KINDS = ['donation', 'disbursement', 'reversal'];

export class GoodsLineResponse {
  @ApiProperty() item: string;
  @ApiProperty() unit: string;
  @ApiProperty() quantity: number;
  @ApiProperty() valueFen: number;
}

/** A ledger entry as staff see it, beneficiaries (personRef) included. */
export class LedgerEntryResponse {
  @ApiProperty() entryId: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ enum: KINDS }) kind: string;
  @ApiProperty({ enum: ACCOUNTS }) debit: string;
  @ApiProperty({ enum: ACCOUNTS }) credit: string;
  @ApiProperty() amountFen: number;
  @ApiProperty(text) reverses: string | null;
  @ApiProperty(text) reversedBy: string | null;
  @ApiProperty({ enum: ['money', 'goods'], nullable: true }) form: string | null;
  @ApiProperty({ enum: ['individual', 'company', 'anonymous'], nullable: true }) donorKind: string | null;
  @ApiProperty(text) donorPublicName: string | null;
  @ApiProperty(text) goodsDescription: string | null;
  @ApiProperty(text) personRef: string | null;
  @ApiProperty(text) town: string | null;
  @ApiProperty(text) referralId: string | null;
  @ApiProperty(text) reason: string | null;
  @ApiProperty({ type: [GoodsLineResponse], nullable: true }) goodsItems: GoodsLineResponse[] | null;
  @ApiProperty({ format: 'date' }) bookedOn: string;
  @ApiProperty({ format: 'date-time' }) bookedAt: string;
}

/** An entry of the public ledger: no beneficiary, donors as they chose to be named. */
export class PublicLedgerEntryResponse {
  @ApiProperty() entryId: string;
  @ApiProperty({ format: 'date' }) bookedOn: string;
  @ApiProperty({ enum: KINDS }) kind: string;
  @ApiProperty({ enum: ACCOUNTS }) debit: string;
  @ApiProperty({ enum: ACCOUNTS }) credit: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['money', 'goods'], nullable: true }) form: string | null;
  @ApiProperty({ ...text, description: 'donations only: the public name, the donor kind or anonymous' })
  donor: string | null;
  @ApiProperty({ type: [GoodsLineResponse], nullable: true }) items: GoodsLineResponse[] | null;
  @ApiProperty(text) reverses: string | null;
  @ApiProperty(text) reversedBy: string | null;
}

class PublicOrganisation {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() creditCode: string;
  @ApiProperty(text) grade: string | null;
}

export class PublicProjectResponse {
  @ApiProperty() projectId: string;
  @ApiProperty() title: string;
  @ApiProperty() kind: string;
  @ApiProperty() beneficiaryCriteria: string;
  @ApiProperty({ type: PublicOrganisation }) organisation: PublicOrganisation;
  @ApiProperty() targetFen: number;
  @ApiProperty({ format: 'date' }) launchedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endsOn: string | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty() raisedFen: number;
  @ApiProperty() goodsValueFen: number;
  @ApiProperty() disbursedFen: number;
  @ApiProperty() balanceFen: number;
  @ApiProperty({ type: [GoodsLineResponse], description: 'goods in stock' }) goods: GoodsLineResponse[];
}
