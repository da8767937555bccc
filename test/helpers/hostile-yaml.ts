// YAML shapes that took the yaml package (or the flat reader's patterns) to gigabytes, each under
// the cap of the file it attacks (args.yaml 2 MiB, wandb's config.yaml 1 MiB), with the real keys
// around them so a reader that survives still has something to show.
const K = 1024;

/** An args.yaml body after `task: detect` and before `epochs: 3`, at most about 2 MiB. */
export const ARGS_ATTACKS: Record<string, string> = {
  'a list nested 512 Ki deep': `a: ${'['.repeat(512 * K)}${']'.repeat(512 * K)}`,
  '2 MiB of [ that never close': `a: ${'['.repeat(2 * K * K - 64)}`,
  'a block list a million deep on one line': `a:\n  ${'- '.repeat(1000 * K - 64)}x`,
  'flow mappings 400 Ki deep': `a: ${'{a: '.repeat(400 * K)}1${'}'.repeat(400 * K)}`,
  '2 MiB of aliases': `x: &a [1, 2, 3]\nb: [${'*a, '.repeat(500 * K)}*a]`,
  'nine to the power forty (billion laughs)': Array.from({ length: 40 }, (_, i) => (i ? `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]` : 'a0: &a0 [x, x, x, x, x, x, x, x, x]')).join('\n'),
  'a million flow nodes': `a: [${'1,'.repeat(K * K - 64)}1]`,
  '120,000 keys of small mappings': Array.from({ length: 120_000 }, (_, i) => `k${i}: {a: 1}`).join('\n').slice(0, 2 * K * K - 200).replace(/\n[^\n]*$/, ''),
  'one 2 MiB line of `a: `': `name: ${'a: '.repeat(680 * K)}`,
};

/** A wandb config.yaml (the save_dir that names the training first), at most about 1 MiB. */
export const CONFIG_ATTACKS: Record<string, string> = {
  'a value nested 500 Ki deep': `a:\n  value: ${'['.repeat(500 * K)}${']'.repeat(500 * K)}`,
  '1 MiB of aliases': `x:\n  value: &a [1, 2, 3]\nb:\n  value: [${'*a, '.repeat(255 * K)}*a]`,
  'a block list 500 Ki deep': `a:\n  value:\n    ${'- '.repeat(500 * K)}x`,
};

export const argsYaml = (attack: string) => `task: detect\nname: train\n${attack}\nepochs: 3\n`;
export const configYaml = (attack: string) => `wandb_version: 1\nsave_dir:\n  desc: null\n  value: runs/detect/train\ntask:\n  value: detect\n${attack}\n`;
