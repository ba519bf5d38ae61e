/**
 * Reads the docs for the doc tests: the fenced blocks of README.md and docs/*.md, the command
 * lines in their ```sh blocks (split into argv like a shell would, for the simple lines the
 * docs use), and their ```json blocks with the schema each is marked with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface FencedBlock {
  readonly file: string;
  readonly lang: string;
  readonly body: string;
  /** The `<!-- json: NAME -->` marker just before the block, if any. */
  readonly marker?: string | undefined;
}

export function docFiles(): string[] {
  const docs = readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function fencedBlocks(): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (const file of docFiles()) {
    const text = readFileSync(join(REPO, file), 'utf8');
    for (const m of text.matchAll(/(?:<!-- json: ([\w-]+) -->\s*\n)?```(\w*)\n([\s\S]*?)```/g))
      blocks.push({ file, lang: m[2] ?? '', body: m[3] ?? '', marker: m[1] });
  }
  return blocks;
}

export interface DocumentedCommand {
  readonly file: string;
  /** The command as written, without its comment, pipe or redirection. */
  readonly line: string;
  /** Arguments after `aliyun-teardown`, variables replaced. */
  readonly argv: readonly string[];
}

/** The values documented `$VARIABLES` stand for in the tests: the demo account's id. */
const VARIABLES: Readonly<Record<string, string>> = { ACCOUNT_ID: '1234567890123456' };

export function documentedCommands(): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  for (const block of fencedBlocks().filter((b) => b.lang === 'sh')) {
    for (const raw of block.body.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (!/^(npx )?aliyun-teardown\s/.test(line)) continue;
      // What a pipe or a redirection does with the output is the shell's business.
      const command = line.split(/\s[|>]\s/)[0]!.trim();
      const words = shellWords(command);
      commands.push({ file: block.file, line: command, argv: words.slice(words[0] === 'npx' ? 2 : 1) });
    }
  }
  return commands;
}

/** Splits on blanks, honouring '...' and "..." and replacing $VAR / ${VAR} (no other shell syntax is used in the docs). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/(?:'[^']*'|"[^"]*"|[^\s'"]+)+/g)) {
    const word = m[0]
      .replace(/'([^']*)'|"([^"]*)"/g, (_, single: string | undefined, double: string | undefined) =>
        single !== undefined ? single : expand(double ?? ''),
      )
      .replace(/^[^'"]*$/, (w) => expand(w));
    words.push(word);
  }
  return words;
}

function expand(text: string): string {
  return text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => VARIABLES[name] ?? whole);
}
