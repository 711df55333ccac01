import { ApiProperty } from '@nestjs/swagger';

/** What one deadline run did (deadlines.service.ts). */
export class DeadlineRunResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [String], description: 'ids of the children aged out' }) agedOut: string[];
  @ApiProperty({ type: [String], description: 'ids of the reports escalated' }) escalatedReports: string[];
}
