import { Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { computeIndicators, IndicatorResult } from '../compute/compute-indicators';
import { INDICATORS } from '../compute/indicator-catalogue';
import { indicatorParameters } from '../compute/indicator-parameters';
import { NOT_COMPUTABLE, NotComputable } from '../compute/not-computable';
import { FactsService } from '../facts/facts.service';

export interface IndicatorBoard {
  date: string;
  indicators: IndicatorResult[];
  notComputable: readonly NotComputable[];
}

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly facts: FactsService,
    private readonly clock: Clock,
  ) {}

  /** Every indicator on the date (default today) with its monthly trend and per-town values. */
  async board(date = this.clock.today(), months = 12): Promise<IndicatorBoard> {
    const facts = await this.facts.upTo(date);
    const indicators = computeIndicators(INDICATORS, facts, indicatorParameters(), date, { trendMonths: months });
    return { date, indicators, notComputable: NOT_COMPUTABLE };
  }

  /** One indicator on the date with the events and parameter values it was computed from (the drill-down). */
  async one(id: string, date = this.clock.today(), limit = 200): Promise<IndicatorResult> {
    const definition = INDICATORS.find((d) => d.id === id);
    if (!definition) throw ProblemException.notFound('indicator', id);
    const facts = await this.facts.upTo(date);
    return computeIndicators([definition], facts, indicatorParameters(), date, { evidenceLimit: limit })[0];
  }
}
