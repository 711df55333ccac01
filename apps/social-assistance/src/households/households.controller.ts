import { ApiPageResponse, AuthenticatedUser, Clock, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { HouseholdResponse, HouseholdVersionResponse, RevealedIdNumberResponse } from './household.responses';

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
  @ApiCreatedResponse({
    type: HouseholdResponse,
    description: 'Registered; 409 names the active household a member already belongs to',
  })
  @ApiOperation({ summary: 'Register a household with its members, incomes and assets' })
  async register(@Body() dto: RegisterHouseholdDto, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.register(dto, user));
  }

  @Get()
  @Roles(...HOUSEHOLD_READERS)
  @ApiOperation({ summary: 'Households in the caller’s towns' })
  @ApiPageResponse(HouseholdResponse, 'Paged; filter by town, status, personRef')
  async list(@Query() q: HouseholdListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.households.list(q, user);
    return { ...page, items: page.items.map(householdView) };
  }

  @Get(':householdId')
  @Roles(...HOUSEHOLD_READERS)
  @ApiOperation({ summary: 'One household with its income' })
  @ApiOkResponse({ type: HouseholdResponse })
  async get(@Param('householdId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.get(id, user));
  }

  @Get(':householdId/history')
  @Roles(...HOUSEHOLD_READERS)
  @ApiOkResponse({
    type: [HouseholdVersionResponse],
    description: 'Every version: change, reason, who, when, effective date and snapshot',
  })
  @ApiOperation({ summary: 'Every version of the household' })
  history(@Param('householdId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.households.history(id, user);
  }

  @Post(':householdId/members')
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Add a member' })
  @ApiCreatedResponse({ type: HouseholdResponse })
  async addMember(@Param('householdId') id: string, @Body() dto: AddMemberDto, @CurrentUser() user: AuthenticatedUser) {
    return householdView(await this.households.addMember(id, dto, user));
  }

  @Put(':householdId/members/:personRef')
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Change a member' })
  @ApiOkResponse({ type: HouseholdResponse })
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
  @ApiOperation({ summary: 'Remove a member' })
  @ApiOkResponse({ type: HouseholdResponse })
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
  @ApiOkResponse({ type: RevealedIdNumberResponse, description: 'The raw resident ID number; every read is audited' })
  @ApiOperation({ summary: 'Reveal a member’s raw ID number (audited)' })
  revealIdNumber(
    @Param('householdId') id: string,
    @Param('personRef') personRef: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.households.revealIdNumber(id, personRef, user);
  }

  @Put(':householdId/incomes')
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Replace the household’s incomes' })
  @ApiOkResponse({ type: HouseholdResponse })
  async replaceIncomes(
    @Param('householdId') id: string,
    @Body() dto: ReplaceIncomesDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.replaceIncomes(id, dto, user));
  }

  @Put(':householdId/assets')
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Replace the household’s assets and rigid spending' })
  @ApiOkResponse({ type: HouseholdResponse })
  async replaceAssets(
    @Param('householdId') id: string,
    @Body() dto: ReplaceAssetsDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return householdView(await this.households.replaceAssets(id, dto, user));
  }
}
