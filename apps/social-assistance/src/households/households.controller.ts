import { AuthenticatedUser, Clock, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { monthlyIncome } from './household-events';
import {
  AddMemberDto,
  RegisterHouseholdDto,
  RemoveMemberDto,
  ReplaceAssetsDto,
  ReplaceIncomesDto,
  UpdateMemberDto,
} from './household-input.dto';
import { HouseholdListQueryDto } from './household-list-query.dto';
import { HouseholdsService, StoredHousehold } from './households.service';

export const HOUSEHOLD_READERS = [
  'assistance:viewer',
  'assistance:clerk',
  'assistance:reviewer',
  'assistance:approver',
  'assistance:disburser',
  'assistance:supervisor',
] as const;

/** A household as the API shows it: members with personRef and masked ID, never the raw number. */
export function householdView(h: StoredHousehold) {
  return {
    householdId: h.householdId,
    town: h.town,
    village: h.village,
    status: h.status,
    version: h.version,
    standardArea: h.snapshot.standardArea,
    members: h.snapshot.members.map((m) => ({ ...m, maskedId: h.maskedIds[m.personRef] })),
    incomes: h.snapshot.incomes,
    assets: h.snapshot.assets,
    rigidExpenditure: h.snapshot.rigidExpenditure,
    income: monthlyIncome(h.snapshot),
  };
}

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('assistance:clerk')
  @ApiCreatedResponse({ description: 'Registered; 409 names the active household a member already belongs to' })
  async register(@Body() dto: RegisterHouseholdDto, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.register(dto, user));
  }

  @Get()
  @Roles(...HOUSEHOLD_READERS)
  @ApiOkResponse({ description: 'Paged; filter by town, status, personRef' })
  async list(@Query() q: HouseholdListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.households.list(q, user);
    return { ...page, items: page.items.map(householdView) };
  }

  @Get(':householdId')
  @Roles(...HOUSEHOLD_READERS)
  async get(@Param('householdId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.get(id, user));
  }

  @Get(':householdId/history')
  @Roles(...HOUSEHOLD_READERS)
  @ApiOkResponse({ description: 'Every version: change, reason, who, when, effective date and snapshot' })
  history(@Param('householdId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.households.history(id, user);
  }

  @Post(':householdId/members')
  @Roles('assistance:clerk')
  async addMember(@Param('householdId') id: string, @Body() dto: AddMemberDto, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.addMember(id, dto, user));
  }

  @Put(':householdId/members/:personRef')
  @Roles('assistance:clerk')
  async updateMember(
    @Param('householdId') id: string,
    @Param('personRef') personRef: string,
    @Body() dto: UpdateMemberDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.updateMember(id, personRef, dto, user));
  }

  @Post(':householdId/members/:personRef/removal')
  @HttpCode(200)
  @Roles('assistance:clerk')
  async removeMember(
    @Param('householdId') id: string,
    @Param('personRef') personRef: string,
    @Body() dto: RemoveMemberDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.removeMember(id, personRef, dto, user));
  }

  @Get(':householdId/members/:personRef/id-number')
  @Roles('assistance:supervisor')
  @ApiOkResponse({ description: 'The raw resident ID number; every read is audited' })
  revealIdNumber(
    @Param('householdId') id: string,
    @Param('personRef') personRef: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.households.revealIdNumber(id, personRef, user);
  }

  @Put(':householdId/incomes')
  @Roles('assistance:clerk')
  async replaceIncomes(
    @Param('householdId') id: string,
    @Body() dto: ReplaceIncomesDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.replaceIncomes(id, dto, user));
  }

  @Put(':householdId/assets')
  @Roles('assistance:clerk')
  async replaceAssets(
    @Param('householdId') id: string,
    @Body() dto: ReplaceAssetsDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.replaceAssets(id, dto, user));
  }
}
