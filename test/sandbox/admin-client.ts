/** The sandbox's admin API, as tests use it (plain fetch on the loopback port). */
import type { RunningSandbox } from '../../src/sandbox/index.js';

export async function admin(
  sb: RunningSandbox,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: res.status, json: await res.json() };
}

export async function resetSandbox(sb: RunningSandbox): Promise<void> {
  const { status } = await admin(sb, 'POST', 'reset');
  if (status !== 200) throw new Error(`sandbox reset answered ${status}`);
}
