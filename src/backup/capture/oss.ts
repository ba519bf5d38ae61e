/**
 * A bucket's readable configuration: ACL (GetBucketAcl), policy (GetBucketPolicy),
 * lifecycle rules (GetBucketLifecycle), CORS rules (GetBucketCors), versioning and the WORM
 * retention policy (OSS API reference). "Not configured" is a documented 404 for each:
 * NoSuchBucketPolicy, NoSuchLifecycle, NoSuchCORSConfiguration, NoSuchWORMConfiguration.
 * ali-oss resolves getBucketPolicy on any status (it sets its success statuses after the
 * request: lib/common/bucket/getBucketPolicy.js), so its status is read here: 404 is "none",
 * anything else but 200 is an error, never "none".
 */
import { CloudApiError, classifyCode } from '../../cloud/errors.js';
import { encodeSegment } from '../object-paths.js';
import { jsonFile, type TypeBackup } from './context.js';

interface BucketConfigApi {
  getBucketACL(name: string): Promise<{ acl: string; owner: { id: string; displayName: string } }>;
  getBucketPolicy(name: string): Promise<{ policy: unknown; status: number }>;
  getBucketLifecycle(name: string): Promise<{ rules: unknown[] | null }>;
  getBucketCORS(name: string): Promise<{ rules: unknown[] }>;
  getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
  getBucketWorm(name: string): Promise<{ wormId?: string; state?: string; days?: string; creationDate?: string }>;
}

/** The call's result, or null when OSS answers `notConfigured`. */
async function unlessNotConfigured<T>(call: Promise<T>, notConfigured: string): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof CloudApiError && err.code === notConfigured) return null;
    throw err;
  }
}

export const ossBackups: Readonly<Record<string, TypeBackup>> = {
  'oss.bucket': {
    async capture(r, ctx) {
      const api = ctx.clients.oss(r.region, r.id) as unknown as BucketConfigApi;
      const acl = await api.getBucketACL(r.id);
      const policy = await api.getBucketPolicy(r.id);
      if (policy.status !== 200 && policy.status !== 404) {
        const code = `HTTP${policy.status}`;
        throw new CloudApiError({
          service: 'oss',
          action: 'getBucketPolicy',
          code,
          message: `GetBucketPolicy answered ${policy.status}`,
          kind: classifyCode(code, policy.status),
          statusCode: policy.status,
        });
      }
      const lifecycle = await unlessNotConfigured(api.getBucketLifecycle(r.id), 'NoSuchLifecycle');
      const cors = await unlessNotConfigured(api.getBucketCORS(r.id), 'NoSuchCORSConfiguration');
      const versioning = await api.getBucketVersioning(r.id);
      const worm = await unlessNotConfigured(api.getBucketWorm(r.id), 'NoSuchWORMConfiguration');
      const doc = {
        bucket: r.id,
        region: r.region,
        storageClass: r.properties.storageClass ?? null,
        acl: acl.acl,
        policy: policy.status === 200 ? policy.policy : null,
        lifecycleRules: lifecycle?.rules ?? [],
        corsRules: cors?.rules ?? [],
        versioning: versioning.versionStatus ?? null,
        worm: worm ? { state: worm.state ?? null, retentionDays: worm.days !== undefined ? Number(worm.days) : null } : null,
      };
      return { files: [await ctx.dir.writeFile(`oss/${encodeSegment(r.id)}/configuration.json`, jsonFile(doc))] };
    },
  },
};
