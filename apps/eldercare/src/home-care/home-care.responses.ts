import { ApiProperty } from '@nestjs/swagger';
import { SITE_KINDS } from './home-care-input.dto';

// What the home-care routes answer (home-care.service.ts).

export class CareSiteResponse {
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: SITE_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
}

export class VillageCoverage {
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty() centres: number;
  @ApiProperty() stations: number;
  @ApiProperty() canteens: number;
}

export class ServiceOrderResponse {
  @ApiProperty() orderId: string;
  @ApiProperty() elderId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() service: string;
  @ApiProperty({ format: 'date' }) orderedOn: string;
  @ApiProperty({ enum: ['open'] }) status: string;
}

export class DeliveryResponse {
  @ApiProperty() orderId: string;
  @ApiProperty({ enum: ['delivered'] }) status: string;
  @ApiProperty({ format: 'date' }) deliveredOn: string;
  @ApiProperty() deliveredBy: string;
}
