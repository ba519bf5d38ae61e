/**
 * Where the regional types are listed: every region ECS DescribeRegions answers (the account's
 * enabled regions; the same call the console's region picker makes). The scan and `--regions`
 * checking use it; no provider needs it.
 */
import { ecsSdk } from '../cloud/sdk.js';
import type { CloudClients } from '../cloud/clients.js';
import { UserError } from '../errors.js';

const { DescribeRegionsRequest } = ecsSdk;

/** DescribeRegions answers from any region; cn-hangzhou is the SDK's home region. */
const REGION_DISCOVERY_REGION = 'cn-hangzhou';

/** ECS DescribeRegions (retried by the clients), sorted; throws the CloudApiError when it still fails. */
export async function discoverRegions(clients: CloudClients): Promise<string[]> {
  const res = await clients.ecs(REGION_DISCOVERY_REGION).describeRegions(new DescribeRegionsRequest({}));
  const ids = (res.body?.regions?.region ?? []).map((r) => r.regionId).filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 0) throw new UserError('ECS DescribeRegions returned no region; pass --regions or set regions in the config');
  return [...new Set(ids)].sort();
}
