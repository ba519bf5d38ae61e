/**
 * ECS Describe* calls page two ways: NextToken/MaxResults (the recommended one) or the
 * deprecated PageNumber/PageSize. A request that sends NextToken or MaxResults gets token
 * paging; otherwise number paging. Several actions document that an out-of-range
 * MaxResults is clamped rather than refused (metadata ecs/2014-05-26 DescribeInstances,
 * DescribeDisks, DescribeNetworkInterfaces: "smaller than 10 → 10, greater than N → N").
 */
import { pageByNumber, pageByToken } from '../../framework.js';

export interface EcsPagingRule {
  readonly defaultSize: number;
  readonly maxResults: number;
  /** When set, MaxResults outside [clampMin, maxResults] is clamped instead of refused. */
  readonly clampMin?: number;
  readonly maxPageSize: number;
}

export interface EcsPage<T> {
  readonly items: T[];
  /** The paging fields of the response body (NextToken or PageNumber/PageSize, and TotalCount). */
  readonly fields: Record<string, unknown>;
}

export function ecsPage<T>(items: readonly T[], params: Readonly<Record<string, string>>, rule: EcsPagingRule): EcsPage<T> {
  if (params.NextToken !== undefined || params.MaxResults !== undefined) {
    let effective = params;
    if (rule.clampMin !== undefined && params.MaxResults !== undefined && params.MaxResults !== '') {
      const asked = Number(params.MaxResults);
      if (Number.isInteger(asked)) {
        const clamped = Math.min(rule.maxResults, Math.max(rule.clampMin, asked));
        effective = { ...params, MaxResults: String(clamped) };
      }
    }
    const p = pageByToken(items, effective, { defaultSize: rule.defaultSize, maxSize: rule.maxResults });
    return { items: p.page, fields: { NextToken: p.nextToken, TotalCount: p.totalCount } };
  }
  const p = pageByNumber(items, params, { defaultSize: rule.defaultSize, maxSize: rule.maxPageSize });
  return { items: p.page, fields: { PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount } };
}
