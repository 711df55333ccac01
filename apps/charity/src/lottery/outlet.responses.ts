import { ApiProperty } from '@nestjs/swagger';

/** A welfare-lottery outlet as opened (lottery-outlets.service.ts open). */
export class OutletResponse {
  @ApiProperty() outletId: string;
  @ApiProperty() town: string;
  @ApiProperty() address: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
}

/** A closed outlet (lottery-outlets.service.ts close). */
export class ClosedOutletResponse {
  @ApiProperty() outletId: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty({ format: 'date' }) closedOn: string;
}
