import { ApiPageResponse, AuthenticatedUser, CurrentUser, PageQueryDto, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgeOuts } from '../age-out/age-outs.service';
import { AllowancesService } from '../allowances/allowances.service';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { childView } from './child-view';
import { ChangeGuardianshipDto, ChildListQueryDto, GuardianshipReviewDto, RegisterChildDto } from './child-input.dto';
import { ChildrenService } from './children.service';
import { GuardianshipReviews } from './guardianship-reviews.service';
import {
  CategoryChange,
  ChildAllowanceResponse,
  ChildResponse,
  GuardianshipReviewResponse,
  PlacementTaskResponse,
} from './child.responses';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(
    private readonly children: ChildrenService,
    private readonly allowances: AllowancesService,
    private readonly ageOuts: AgeOuts,
    private readonly reviews: GuardianshipReviews,
  ) {}

  @Post()
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Register a child; the rules decide the category from the facts' })
  @ApiCreatedResponse({
    type: ChildResponse,
    description:
      'Registered with the category the rules decide; 400 names the field and rule (over the age-out age, unknown parent reference, contradictory situations or category, a parent who is the child)',
  })
  async register(@Body() dto: RegisterChildDto, @CurrentUser() user: AuthenticatedUser) {
    return childView(await this.children.register(dto, user));
  }

  @Get()
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'List children in the caller’s towns' })
  @ApiPageResponse(ChildResponse, 'Paged; filter by town, category, status, personRef; limited to the caller’s towns')
  async list(@Query() q: ChildListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.children.list(q, user);
    return { ...page, items: page.items.map(childView) };
  }

  @Get(':childId')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'One child' })
  @ApiOkResponse({ type: ChildResponse })
  async get(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return childView(await this.children.get(id, user));
  }

  @Get(':childId/categories')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'The child’s category history' })
  @ApiOkResponse({
    type: [CategoryChange],
    description: 'Every category the child had, with the basis and effective date',
  })
  categories(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.children.categoryHistory(id, user);
  }

  @Post(':childId/guardianship')
  @HttpCode(200)
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Change the child’s guardianship' })
  @ApiOkResponse({
    type: ChildResponse,
    description: 'Guardianship changed, next review due after child.guardianship.review_interval_months',
  })
  async changeGuardianship(
    @Param('childId') id: string,
    @Body() dto: ChangeGuardianshipDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return childView(await this.children.changeGuardianship(id, dto, user));
  }

  @Post(':childId/guardianship-reviews')
  @Roles('child-welfare:reviewer', 'child-welfare:supervisor')
  @ApiOperation({ summary: 'Record the outcome of a guardianship review' })
  @ApiCreatedResponse({
    type: GuardianshipReviewResponse,
    description:
      'The review recorded (guardian fit / unfit: temporary guardianship by the bureau / change of guardian) with the next review due after child.guardianship.review_interval_months from the review date; 400 names the field and rule (review date in the future or before the arrangement or the last review, a new arrangement without change-guardian, a guardian who is the child); 409 when the child is not in care or has no arrangement under review',
  })
  reviewGuardianship(
    @Param('childId') id: string,
    @Body() dto: GuardianshipReviewDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.reviews.record(id, dto, user);
  }

  @Get(':childId/guardianship-reviews')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: "The child's guardianship reviews" })
  @ApiOkResponse({
    type: [GuardianshipReviewResponse],
    description: 'Every guardianship review of the child, oldest first',
  })
  guardianshipReviews(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.reviews.forChild(id, user);
  }

  @Get(':childId/allowances')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'The child’s allowance grants' })
  @ApiOkResponse({
    type: [ChildAllowanceResponse],
    description: 'Every grant of the child: pending, active, stopped or withdrawn, with the parameters used',
  })
  allowancesOf(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.allowances.forChild(id, user);
  }

  @Post(':childId/allowances/approval')
  @HttpCode(200)
  @Roles('child-welfare:approver')
  @ApiOperation({ summary: 'Approve the child’s pending allowance grant' })
  @ApiOkResponse({
    type: ChildAllowanceResponse,
    description: 'The pending grant starts today; 409 when none is pending',
  })
  approve(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.allowances.approve(id, user);
  }

  @Get(':childId/placement-tasks')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'The child’s placement tasks (opened at age-out)' })
  @ApiOkResponse({ type: [PlacementTaskResponse], description: 'The adult-orphan placement task opened at age-out' })
  placementTasks(@Param('childId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.ageOuts.placementTasks(id, user);
  }
}

@ApiTags('guardianship')
@ApiBearerAuth()
@Controller('guardianship-reviews')
export class GuardianshipReviewsController {
  constructor(private readonly children: ChildrenService) {}

  @Get()
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'Children whose guardianship review is due by today' })
  @ApiPageResponse(ChildResponse, 'Children whose guardianship review is due by today')
  async due(@Query() q: PageQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.children.guardianshipReviewsDue(q, user);
    return { ...page, items: page.items.map(childView) };
  }
}
