/**
 * The layering of src/ (docs/architecture.md) is held by the project's own lint: a forbidden
 * import between folders fails `npm test`. These cases run the real eslint config on small
 * sources placed, by path, in each folder.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function layeringErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['src/plan/x.ts', "import { applyPlan } from '../apply/executor.js';", 'src/plan may not import src/apply'],
    ['src/plan/render/x.ts', "import { applyPlan } from '../../apply/executor.js';", 'src/plan may not import src/apply'],
    ['src/providers/ecs/x.ts', "import { buildPlan } from '../../plan/graph.js';", 'src/providers may not import src/plan'],
    ['src/cloud/x.ts', "import { GLOBAL } from '../providers/contract.js';", 'src/cloud may not import src/providers'],
    ['src/apply/x.ts', "import { runCli } from '../cli/run.js';", 'src/apply may not import src/cli'],
    ['src/readiness/x.ts', "import { applyPlan } from '../apply/executor.js';", 'src/readiness may not import src/apply'],
    ['src/plan/x.ts', "import { startSandbox } from '../sandbox/index.js';", 'src/plan may not import src/sandbox'],
    ['src/sandbox/products/x.ts', "import { CloudApiError } from '../../cloud/errors.js';", 'src/sandbox may not import src/cloud'],
    ['src/sandbox/x.ts', "import { UserError } from '../errors.js';", 'the sandbox shares no code with the tool'],
  ])('%s: %s fails', async (file, source, message) => {
    const errors = await layeringErrors(file, `${source}\nexport const used = [${source.match(/\{ (\w+) \}/)![1]}];\n`);
    expect(errors).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['src/plan/x.ts', "import { GLOBAL } from '../providers/contract.js';"],
    ['src/apply/x.ts', "import { buildPlan } from '../plan/graph.js';"],
    ['src/providers/ecs/x.ts', "import { CloudApiError } from '../../cloud/errors.js';"],
    ['src/plan/x.ts', "import { UserError } from '../errors.js';"],
    ['src/cli/x.ts', "import { startSandbox } from '../sandbox/index.js';"],
    ['src/sandbox/products/x.ts', "import { route } from '../framework.js';"],
  ])('%s: %s is allowed', async (file, source) => {
    const errors = await layeringErrors(file, `${source}\nexport const used = [${source.match(/\{ (\w+) \}/)![1]}];\n`);
    expect(errors).toEqual([]);
  });
});
