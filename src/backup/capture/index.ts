/**
 * What a backup saves of each resource type, by type. Every type of the registry has an
 * entry (a test holds this), so a new type cannot silently go without one: its entry says
 * what is read beyond the manifest's properties, and what no backup can hold.
 */
import { dnsBackups } from './dns.js';
import { ecsBackups } from './ecs.js';
import { networkBackups } from './network.js';
import { ossBackups } from './oss.js';
import { ramBackups } from './ram.js';
import type { TypeBackup } from './context.js';

export const TYPE_BACKUPS: Readonly<Record<string, TypeBackup>> = {
  ...ecsBackups,
  ...networkBackups,
  ...ossBackups,
  ...ramBackups,
  ...dnsBackups,
  // Report-only: never destroyed, so never in a plan's resources.
  'domain.registration': {},
};

export type { Capture, CaptureContext, Captured, TypeBackup } from './context.js';
