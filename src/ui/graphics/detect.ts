// Which picture protocol the terminal speaks, from the environment alone: asking the terminal
// would race Ink for stdin. Pure, so every terminal and mode can be tested.

export type ImagesMode = 'auto' | 'on' | 'off';
export type Protocol = 'kitty' | 'iterm2';

export interface GraphicsSupport {
  protocol: Protocol | null;
  /** Why pictures are (not) drawn, for the status line. */
  why: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function inMultiplexer(env: Env): boolean {
  const term = env.TERM ?? '';
  return Boolean(env.TMUX) || Boolean(env.STY) || term.startsWith('screen') || term.startsWith('tmux');
}

/** The terminal's protocol where its own variables say so (TERM and LC_* travel over SSH). */
function announced(env: Env): { protocol: Protocol; terminal: string } | null {
  const term = env.TERM ?? '';
  const program = env.TERM_PROGRAM ?? '';
  if (term === 'xterm-kitty' || env.KITTY_WINDOW_ID) return { protocol: 'kitty', terminal: 'kitty' };
  if (term === 'xterm-ghostty' || program === 'ghostty') return { protocol: 'kitty', terminal: 'Ghostty' };
  // WezTerm speaks both; its iTerm2 support is the older and more complete one.
  if (program === 'WezTerm' || env.WEZTERM_PANE) return { protocol: 'iterm2', terminal: 'WezTerm' };
  if (program === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2') return { protocol: 'iterm2', terminal: 'iTerm2' };
  return null;
}

export function detectGraphics(env: Env, mode: ImagesMode): GraphicsSupport {
  if (mode === 'off') return { protocol: null, why: 'pictures are off (--images off): charts stay braille' };
  if (inMultiplexer(env)) {
    return { protocol: null, why: 'inside tmux/screen pictures cannot be placed: charts stay braille (run outside tmux for pictures)' };
  }
  const found = announced(env);
  if (found) return { protocol: found.protocol, why: `pictures drawn with the ${found.protocol === 'kitty' ? 'kitty graphics' : 'iTerm2 inline image'} protocol (${found.terminal})` };
  if (mode === 'on') return { protocol: 'kitty', why: 'pictures forced on (--images on): kitty graphics protocol' };
  const remote = env.SSH_CONNECTION || env.SSH_TTY ? ' over SSH' : '';
  return { protocol: null, why: `no picture protocol known for this terminal${remote}: charts stay braille (--images on if it is kitty, Ghostty or WezTerm)` };
}

export function parseImagesMode(raw: string | undefined): ImagesMode | null {
  if (raw === undefined) return 'auto';
  return raw === 'auto' || raw === 'on' || raw === 'off' ? raw : null;
}
