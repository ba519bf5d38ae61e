/** A plain in-memory Inventory for dependency tests of the ECS/VPC/SLB/RDS providers. */
import { resourceAddress, type Inventory, type Resource } from '../../../src/providers/contract.js';

export function inventoryOf(resources: ReadonlyArray<Omit<Resource, 'properties'> & { properties: Record<string, unknown> }>): Inventory {
  const all = resources as readonly Resource[];
  const byAddress = new Map(all.map((r) => [resourceAddress(r), r]));
  return {
    get: (address) => byAddress.get(address),
    byType: (type) => all.filter((r) => r.type === type),
  };
}
