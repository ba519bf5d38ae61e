/**
 * Runs `fn` from `cwd` with extra environment variables (beyond those test/cli/in-process.ts
 * manages), restoring both afterwards: tests share a worker (isolate: false).
 */
export async function inDirectory<T>(cwd: string, env: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  Object.assign(process.env, env);
  process.chdir(cwd);
  try {
    return await fn();
  } finally {
    process.chdir(savedCwd);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
