import { AuthenticatedUser, CurrentUser, PageQueryDto, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DuplicateCheckResponse, PersonEnrolmentsResponse } from './enrolment.responses';
import { RegistryService } from '../dci/registry/registry.service';

const STATUSES = ['active', 'suspended', 'terminated'];

class EnrolmentsQuery extends PageQueryDto {
  /** Comma-separated statuses; default active (enrolled now). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(STATUSES, { each: true })
  status: string[] = ['active'];
}

class PersonRefParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{20,}$/, { message: 'personRef must be <keyId>:<base64url HMAC>' })
  personRef: string;
}

class DuplicateCheckDto {
  @ApiProperty({ description: 'Resident ID number; sent in the body so it never appears in URLs or access logs.' })
  @IsString()
  idNumber: string;
}

const READERS = [
  'hub:hub-integration',
  'assistance:viewer',
  'eldercare:viewer',
  'child-welfare:viewer',
  'policy:viewer',
] as const;

/** The cross-programme duplicate check: which programmes of which departments a person is enrolled in now. */
@ApiTags('enrolments')
@Controller()
export class EnrolmentsController {
  constructor(private readonly registry: RegistryService) {}

  @Get('persons/:personRef/enrolments')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A person’s enrolments across departments, in the caller’s towns' })
  @ApiOkResponse({
    type: PersonEnrolmentsResponse,
    description: 'Enrolments of the person across departments, paginated.',
  })
  byRef(@Param() p: PersonRefParam, @Query() q: EnrolmentsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.enrolments(user, p.personRef, q.status, q.limit, q.offset);
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOperation({ summary: 'Cross-programme duplicate check by resident ID number (sent in the body)' })
  @ApiOkResponse({
    type: DuplicateCheckResponse,
    description: 'Active enrolments of the person with this ID number (answered by personRef and masked ID).',
  })
  byIdNumber(@Body() dto: DuplicateCheckDto, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.duplicateCheck(user, dto.idNumber);
  }
}
