import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the parameter routes answer (parameters.service.ts, libs/policy-params parameter-value.ts).

const valueSchema = {
  oneOf: [{ type: 'number' }, { type: 'string' }],
  description: 'a number, or a ratio as a decimal string',
};

export class ParameterValueResponse {
  @ApiProperty() key: string;
  @ApiProperty(valueSchema) value: number | string;
  @ApiProperty() unit: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty() source: string;
  @ApiPropertyOptional({ description: 'why the figure stands in for one not published' }) placeholder?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'who scheduled it, when scheduled at runtime' }) scheduledBy?: string;
}

export class ParameterInForceResponse {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'computed from other parameters' }) derived: boolean;
  @ApiProperty({ type: ParameterValueResponse, nullable: true }) inForce: ParameterValueResponse | null;
  @ApiPropertyOptional({ description: 'why there is no value on the date' }) note?: string;
}

export class ParametersOnDateResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [ParameterInForceResponse] }) items: ParameterInForceResponse[];
}

export class ScheduledValueResponse {
  @ApiProperty() key: string;
  @ApiProperty(valueSchema) value: number | string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty() source: string;
  @ApiProperty() scheduledBy: string;
}
