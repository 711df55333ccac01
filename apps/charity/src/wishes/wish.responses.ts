import { ApiProperty } from '@nestjs/swagger';
import { Wish } from './wishes.service';

const day = { type: String, format: 'date', nullable: true };

/** A material wish (wishes.service.ts Wish): personRef and masked ID only. */
export class WishResponse implements Wish {
  @ApiProperty() wishId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty() town: string;
  @ApiProperty() item: string;
  @ApiProperty() valueFen: number;
  @ApiProperty({ enum: ['posted', 'matched', 'fulfilled', 'withdrawn'] }) status: Wish['status'];
  @ApiProperty({ format: 'date' }) postedOn: string;
  @ApiProperty({ type: String, nullable: true }) donorKind: string | null;
  @ApiProperty(day) matchedOn: string | null;
  @ApiProperty(day) fulfilledOn: string | null;
  @ApiProperty(day) withdrawnOn: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnReason: string | null;
}
