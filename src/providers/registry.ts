import type { ResourceType, Service } from './contract.js';

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface Registry {
  readonly types: readonly ResourceType[];
  get(type: string): ResourceType | undefined;
  /** Like get(), but a missing type is a bug: throws. */
  require(type: string): ResourceType;
  readonly services: readonly Service[];
  /** Resource Center type (`ACS::ECS::Instance`) → the type that lists such resources. */
  readonly centerTypes: ReadonlyMap<string, string>;
  /** BSS product code (lower case) → the type that deals with its subscriptions itself. */
  readonly billingProductCodes: ReadonlyMap<string, string>;
}

/**
 * What each type claims (`resourceCenterTypes`, `billingProductCodes`), indexed; a claim made by
 * two types is an error, as readiness and bss.subscription could not tell which one covers it.
 */
export function claimsOf(
  types: readonly ResourceType[],
  claims: (t: ResourceType) => readonly string[] | undefined,
  what: string,
): Map<string, string> {
  const owner = new Map<string, string>();
  for (const t of types)
    for (const claim of claims(t) ?? []) {
      const other = owner.get(claim);
      if (other !== undefined) throw new RegistryError(`${what} ${claim} is claimed by both ${other} and ${t.type}`);
      owner.set(claim, t.type);
    }
  return owner;
}

/**
 * Validates and indexes the catalogue. Errors: a duplicate type, a dependsOn naming an
 * unknown type, a type-level cycle (self-references allowed: a security group may reference
 * another security group). The message names the cycle.
 */
export function createRegistry(types: readonly ResourceType[]): Registry {
  const byName = new Map<string, ResourceType>();
  for (const t of types) {
    if (byName.has(t.type)) throw new RegistryError(`resource type ${t.type} is registered twice`);
    if (!/^[a-z]+\.[a-z]+(-[a-z]+)*$/.test(t.type) || !t.type.startsWith(`${t.service}.`))
      throw new RegistryError(`resource type ${t.type} must be named <service>.<resource> in kebab case, service ${t.service}`);
    byName.set(t.type, t);
  }
  for (const t of types)
    for (const dep of [...t.dependsOn, ...(t.touchesTypes ?? [])])
      if (!byName.has(dep)) throw new RegistryError(`resource type ${t.type} depends on unknown type ${dep}`);

  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      throw new RegistryError(`resource types form a dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) if (dep !== name) visit(dep);
    stack.pop();
    state.set(name, 'done');
  };
  for (const t of types) visit(t.type);

  const services = [...new Set(types.map((t) => t.service))];
  return {
    types,
    services,
    centerTypes: claimsOf(types, (t) => t.resourceCenterTypes, 'Resource Center type'),
    billingProductCodes: claimsOf(types, (t) => t.billingProductCodes, 'BSS product code'),
    get: (type) => byName.get(type),
    require: (type) => {
      const t = byName.get(type);
      if (!t) throw new RegistryError(`unknown resource type ${type}`);
      return t;
    },
  };
}
