/**
 * The pagination styles of Alibaba Cloud list APIs, as async generators over pages.
 * Each provider supplies one function that fetches a page; these loops own the cursor.
 */

/** NextToken/MaxResults (ECS DescribeInstances, DescribeDisks...): stops when NextToken is empty. */
export async function* nextTokenPages<P>(
  fetchPage: (nextToken: string | undefined) => Promise<{ page: P; nextToken?: string | undefined }>,
): AsyncGenerator<P> {
  let token: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const { page, nextToken } = await fetchPage(token);
    yield page;
    if (!nextToken) return;
    // A service that hands back the same token would loop forever.
    if (seen.has(nextToken)) throw new Error(`pagination loop: NextToken ${nextToken} returned twice`);
    seen.add(nextToken);
    token = nextToken;
  }
}

/**
 * PageNumber/PageSize + TotalCount (VPC, SLB, RDS, Alidns, images, key pairs...): stops when
 * every item was seen, or a page comes back short or empty.
 */
export async function* pageNumberPages<P>(
  pageSize: number,
  fetchPage: (pageNumber: number, pageSize: number) => Promise<{ page: P; count: number; totalCount?: number | undefined }>,
): AsyncGenerator<P> {
  let seen = 0;
  for (let pageNumber = 1; ; pageNumber++) {
    const { page, count, totalCount } = await fetchPage(pageNumber, pageSize);
    yield page;
    seen += count;
    if (count === 0 || count < pageSize) return;
    if (totalCount !== undefined && seen >= totalCount) return;
  }
}

/**
 * Marker + IsTruncated (RAM's Marker/MaxItems, OSS ListBuckets' marker/max-keys): stops when
 * IsTruncated is false. A truncated page without a new marker cannot be followed: that is an
 * error, never the end of the list (what was not listed is not absent).
 */
export async function* markerPages<P>(
  fetchPage: (marker: string | undefined) => Promise<{ page: P; isTruncated: boolean; marker?: string | undefined }>,
): AsyncGenerator<P> {
  let marker: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const r = await fetchPage(marker);
    yield r.page;
    if (!r.isTruncated) return;
    if (!r.marker) throw new Error('pagination: a truncated page came without a marker to continue from');
    if (seen.has(r.marker)) throw new Error(`pagination loop: marker ${r.marker} returned twice`);
    seen.add(r.marker);
    marker = r.marker;
  }
}
