import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { RecordAssessmentDto } from './assessment-input.dto';
import { AssessmentsService } from './assessments.service';
import { AssessmentResponse } from './assessment.responses';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('elders/:elderId/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Record an ability assessment; the level comes from the dated score bands' })
  @ApiCreatedResponse({
    type: AssessmentResponse,
    description:
      'The assessment with total, level and reassessment due date; 400 names a score out of range or a future date',
  })
  record(@Param('elderId') elderId: string, @Body() dto: RecordAssessmentDto, @CurrentUser() user: AuthenticatedUser) {
    return this.assessments.record(elderId, dto, user);
  }

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Every assessment of the elder, oldest first' })
  @ApiOkResponse({ type: [AssessmentResponse], description: 'The assessment history' })
  history(@Param('elderId') elderId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.assessments.history(elderId, user);
  }
}
