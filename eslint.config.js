// Lint: typescript-eslint's recommended rules, plus the house rules of docs/architecture.md
// that a linter can hold: no `any` in src, no process.exit below the CLI, and the layering of
// src/ (LAYERS below): which folder may import which. test/lint/layering.test.ts proves that a
// forbidden import fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The folders of src/ and what each may import (docs/architecture.md, "Layout"); a folder not in
 * a layer's list is forbidden to it. `src/errors.ts` (UserError, AbortError) is the base every
 * layer but the sandbox may use. The CLI may import everything, so it has no entry.
 */
export const LAYERS = {
  plan: ['providers', 'config', 'cloud'],
  apply: ['plan', 'providers', 'config', 'cloud'],
  backup: ['plan', 'providers', 'config', 'cloud'],
  readiness: ['plan', 'providers', 'config', 'cloud'],
  config: ['providers', 'cloud'],
  providers: ['cloud'],
  cloud: [],
  // Shares no code with the tool: if both held the same wrong belief about the cloud, every
  // test would pass and a real account would not be emptied.
  sandbox: [],
};
const FOLDERS = ['cli', 'sandbox', ...Object.keys(LAYERS).filter((f) => f !== 'sandbox')];

function layeringRules() {
  return Object.entries(LAYERS).map(([layer, allowed]) => {
    const forbidden = FOLDERS.filter((f) => f !== layer && !allowed.includes(f));
    const may = allowed.length > 0 ? allowed.map((f) => `src/${f}`).join(', ') : 'nothing else of src/';
    const patterns = forbidden.map((f) => ({
      group: [`**/${f}/**`, `**/${f}`],
      message: `src/${layer} may not import src/${f}: it may import ${may}${layer === 'sandbox' ? '' : ' and src/errors.ts'} (docs/architecture.md)`,
    }));
    if (layer === 'sandbox')
      patterns.push({
        group: ['../errors.js', '../../errors.js', '../../../errors.js'],
        message: 'the sandbox shares no code with the tool (docs/architecture.md)',
      });
    return { files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'only the CLI decides how the process ends' }],
    },
  },
  ...layeringRules(),
  {
    // A product SDK's entry point loads every model of the product (ECS alone ~45 MiB): the tool
    // loads each one when first used, through src/cloud/sdk.ts. Types may be imported anywhere.
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/**', 'src/cloud/sdk.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@alicloud/*', '!@alicloud/credentials', '!@alicloud/openapi-core', 'ali-oss'],
              allowTypeImports: true,
              message: 'load product SDKs through src/cloud/sdk.ts (ecsSdk, vpcSdk..., aliOss()), which loads each when first used',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
