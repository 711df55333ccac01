import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the evaluation routes answer (evaluations.controller.ts view(), person-evaluation.service.ts).

class RunProgress {
  @ApiProperty() done: number;
  @ApiProperty({ type: Number, nullable: true, description: 'people to evaluate, once known' }) total: number | null;
}

export class EvaluationRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date', description: 'the date evaluated for' }) date: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'running', 'done'] }) status: string;
  @ApiProperty({ type: RunProgress }) progress: RunProgress;
  @ApiProperty() alertsRaised: number;
  @ApiProperty() ruleFailures: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class RuleOutcome {
  @ApiProperty() ruleId: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'the rule’s status for the person, or `failed`' }) status: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'facts and parameters used' })
  decision?: unknown;
  @ApiPropertyOptional({ description: 'when the rule failed' }) error?: string;
}

export class PersonEvaluationResponse {
  @ApiProperty() personRef: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() alertsRaised: number;
  @ApiProperty() alertsExpired: number;
  @ApiProperty({ type: [RuleOutcome] }) rules: RuleOutcome[];
}
