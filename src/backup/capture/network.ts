/**
 * VPC, SLB, RDS and BSS. VPCs and vswitches are recreated from their CIDR blocks, zone and VPC,
 * which the manifest's properties hold; an SLB instance's listeners and backends are read
 * with DescribeLoadBalancerAttribute (ListenerPortsAndProtocol, BackendServers: SLB API docs,
 * DescribeLoadBalancerAttribute). What no backup can keep is said plainly.
 */
import { encodeSegment } from '../object-paths.js';
import { jsonFile, type TypeBackup } from './context.js';

export const networkBackups: Readonly<Record<string, TypeBackup>> = {
  'vpc.vpc': {},
  'vpc.vswitch': {},
  'vpc.eip': {
    cannotBackUp: 'the public IP address itself: once released it can go to another customer, and a new EIP gets a new address',
  },
  'vpc.nat-gateway': {
    cannotBackUp: 'its SNAT and DNAT entries are not read: note them from the console before the teardown if you need them',
  },
  'slb.load-balancer': {
    cannotBackUp:
      'the listeners\u2019 detailed settings (health checks, certificates of HTTPS listeners) are not read: only their ports and protocols, and the backend servers',
    async capture(r, ctx) {
      const body = await ctx.clients
        .generic('slb', r.region)
        .call('DescribeLoadBalancerAttribute', { RegionId: r.region, LoadBalancerId: r.id });
      const { RequestId: _requestId, ...attributes } = body;
      return { files: [await ctx.dir.writeFile(`slb/${encodeSegment(r.region)}/${encodeSegment(r.id)}.json`, jsonFile(attributes))] };
    },
  },
  'rds.instance': {
    cannotBackUp:
      'the databases in it: the tool does not export data; keep RDS backups after release with settings.rdsReleasedKeepPolicy (MySQL on local disks), or export with DTS or a dump before the teardown',
  },
  'bss.subscription': { cannotBackUp: 'the subscription itself: a refunded subscription cannot be restored; a new one is a new purchase' },
};
