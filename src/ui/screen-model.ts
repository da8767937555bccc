// The screen, decided in one place: given the sessions' snapshots, the GPU readings, the view
// state, the pane size and the options, which runs are shown and where, which chart has the
// focus, the one overlay on top, the alerts, the footer, the status line and every height. Pure:
// App subscribes, calls it, and draws what it says.
import { join } from 'node:path/posix';
import type { Alert } from '../model/alerts.js';
import { comparePanels, type CompareRun } from '../model/compare.js';
import { egressPanel } from '../model/egress-chart.js';
import { pickedByUser } from '../model/egress-attribution.js';
import type { EgressState, StagedFile, WandbCandidate } from '../model/egress.js';
import { gpuAlerts, type GpuAlert, type GpuState } from '../model/gpu-store.js';
import type { Panel } from '../model/panels.js';
import { comparable, runCard, type RunCard } from '../model/run-card.js';
import type { SessionSnapshot } from '../model/session.js';
import type { Warning } from '../model/warnings.js';
import { sortFiles } from './components/EgressList.js';
import type { Key } from 'ink';
import { actionFor, type Action, type Overlay } from './keys.js';
import { compactPaneLines, egressParts, HEADER_LINES, screenHeights } from './layout.js';
import { focusOf, reduceView, type EgressSort, type ViewContext, type ViewState } from './view-state.js';

export interface GpuView {
  /** The host the GPUs are on, when not this machine. */
  label?: string;
  state: GpuState;
}

export interface ScreenInput {
  snaps: readonly SessionSnapshot[];
  gpus: readonly GpuView[];
  view: ViewState;
  size: { columns: number; rows: number };
  /** The clock when no session has one yet (ms). */
  now: number;
  options: {
    /** Several PATHs: their runs overlaid on the same charts. */
    compare: boolean;
    totalTimesteps: number | null;
    /** Whether each session takes a pick of its wandb run (`c`, Enter). */
    canPick: readonly boolean[];
    /** `i` is on and pictures are drawn; else, with `i` on, why not. */
    pictures: { active: boolean; note: string | null };
  };
}

/** A run on screen. */
export interface RunPane {
  /** Its focus-key prefix: its session's index, so a newer run of the same phase keeps the focus. */
  key: string;
  session: number;
  card: RunCard;
  height: number;
  /** Beside another run that has the room: its header and one chart. */
  compact: boolean;
  /** The staged-bytes chart and the egress panel under the run's own view (their lines). */
  egress: { chart: Panel | null; chartHeight: number; panel: number };
}

export type Body =
  | { kind: 'help' }
  | { kind: 'gpu'; each: number }
  | { kind: 'candidates'; candidates: readonly WandbCandidate[]; picked: string | null; selected: number; canPick: boolean }
  | { kind: 'files'; staged: EgressState; sort: EgressSort; selected: number }
  | { kind: 'preview'; path: string }
  | { kind: 'compare'; runs: readonly CompareRun[] }
  | { kind: 'waiting'; what: string }
  | { kind: 'runs'; panes: readonly RunPane[] };

export interface Screen {
  /** Each session's run, derived once. */
  cards: readonly RunCard[];
  body: Body;
  /** The overlay on screen (the view may name one that has nothing to show now). */
  overlay: Overlay | null;
  focusKeys: readonly string[];
  focus: string | null;
  /** A host's connection that is down, one line each, above everything. */
  links: readonly string[];
  heights: { body: number; gpus: readonly number[] };
  /** Each GPU panel's alerts, named after its host. */
  gpuAlerts: readonly (readonly GpuAlert[])[];
  /** Everything that rings the bell when it appears. */
  alerts: readonly Alert[];
  /** The keys whose setting is on, lit in the footer. */
  footer: ReadonlySet<Action>;
  status: { warnings: readonly Warning[]; notice: string | null };
  now: number;
  /** What the keys need to know (view-state.ts's reducer). */
  context: ViewContext;
  /** Enter in the W&B run list: the session that takes the pick and each row's run folder (null: take the pick back). */
  pick: { session: number; rows: readonly (string | null)[] } | null;
}

/** How long a newer run's note stays on the status line. */
const REPLACED_NOTE_MS = 10 * 60_000;
const IMAGE = /\.(png|jpe?g|gif)$/i;

// One compared array while the runs are the same ones: the compare pane memoises its charts on it.
let lastCompared: CompareRun[] = [];
function compared(cards: readonly RunCard[]): CompareRun[] {
  const next = comparable(cards);
  const same = next.length === lastCompared.length && next.every((x, i) => x.run === lastCompared[i].run && x.label === lastCompared[i].label);
  if (!same) lastCompared = next;
  return lastCompared;
}

const compareIds = new WeakMap<readonly CompareRun[], string[]>();
function compareKeys(runs: readonly CompareRun[]): string[] {
  let ids = compareIds.get(runs);
  if (!ids) compareIds.set(runs, (ids = comparePanels(runs, false).map((p) => `c:${p.id}`)));
  return ids;
}

const sortedFiles = new WeakMap<readonly StagedFile[], Partial<Record<EgressSort, StagedFile[]>>>();
function sorted(files: readonly StagedFile[], by: EgressSort): StagedFile[] {
  let cached = sortedFiles.get(files);
  if (!cached) sortedFiles.set(files, (cached = {}));
  return (cached[by] ??= sortFiles(files, by));
}

function waitingFor(s: SessionSnapshot): string {
  const t = s.target;
  if (t.kind === 'follow') return `a run under ${t.root}`;
  return t.format === 'ultralytics' ? t.csvPath : `event files in ${t.runDir}`;
}

/** Why `e` or `c` have nothing to open, from the runs on screen. */
function whyNot(cards: readonly RunCard[]): ViewContext['whyNot'] {
  const egress = cards.flatMap((c) => (c.egress ? [c.egress] : []));
  const confirmed = egress.find((e) => e.run && !pickedByUser(e.run))?.run;
  const unconfirmed = egress.some((e) => e.candidates.length > 0);
  return {
    files: unconfirmed ? 'e: no W&B run is confirmed as this training’s yet (c lists the runs of the same time)'
      : egress.length ? 'e: no wandb run belongs to this training: nothing is staged for upload'
        : 'e: nothing staged to list: a TensorBoard run stages nothing for wandb by itself',
    candidates: confirmed ? `c: nothing to pick: wandb run ${confirmed.id} is this training’s (${confirmed.match})` : 'c: nothing to pick: no W&B run of the same time as this training',
  };
}

export function screenModel(input: ScreenInput): Screen {
  const { snaps, view, size, options } = input;
  const now = snaps[0]?.now ?? input.now;
  const cards = snaps.map((s) => runCard(s, options.totalTimesteps));
  const shown = cards.flatMap((card, session) => (card.hasData ? [{ card, session }] : []));
  const runs = options.compare ? compared(shown.map((x) => x.card)) : [];

  const focusKeys = runs.length ? compareKeys(runs) : shown.flatMap(({ card, session }) => card.panelIds.map((id) => `${session}:${id}`));
  const focus = focusOf(view.focus, focusKeys);
  const expanded = Math.max(0, shown.findIndex(({ session }) => focus?.startsWith(`${session}:`)));

  // The file list (e) and the W&B run list (c) are of the first run shown that has them.
  const staged = shown.find(({ card }) => card.egress?.run)?.card.egress ?? null;
  const choosing = shown.find(({ card }) => (card.egress?.candidates.length ?? 0) > 0 || pickedByUser(card.egress?.run ?? null)) ?? null;
  const candidates = choosing?.card.egress?.candidates ?? [];
  const picked = choosing && pickedByUser(choosing.card.egress?.run ?? null) ? choosing.card.egress?.run ?? null : null;
  const pickRows = [...candidates.map((c) => c.dir), ...(picked ? [null] : [])];

  const listed = staged ? sorted(staged.files, view.egressSort) : [];
  const selected = Math.max(0, Math.min(view.egressSelected, listed.length - 1));
  const image = staged?.run && IMAGE.test(listed[selected]?.path ?? '') ? join(staged.run.dir, 'files', listed[selected].path) : null;
  const overlay: Overlay | null = view.overlay === 'candidates' ? (choosing ? 'candidates' : null)
    : view.overlay === 'files' || view.overlay === 'preview' ? (staged ? (view.overlay === 'preview' && image ? 'preview' : 'files') : null)
      : view.overlay;

  const anyLive = cards.some((c) => c.live);
  const gpuAlertsOf = input.gpus.map(({ label, state }) => gpuAlerts(state, anyLive, now).map((a) => (label ? { ...a, key: `${label}/${a.key}`, message: `${label}: ${a.message}` } : a)));
  const alerts: Alert[] = [
    ...cards.flatMap((c) => c.alerts),
    // A GPU alert keeps its key while only its reading moves (82 °C, then 83 °C).
    ...gpuAlertsOf.flat().map((a) => ({ key: a.key, level: 'warning' as const, message: a.message })),
  ];

  const links = [...new Set(snaps.flatMap((s) => (s.connection && s.target.fs.host ? [`${s.target.fs.host}: ${s.connection}`] : [])))];
  const heights = screenHeights({
    columns: size.columns, rows: size.rows, links: links.length,
    gpus: input.gpus.map(({ state }, i) => ({ count: state.gpus.length, alerts: gpuAlertsOf[i].length })),
    // GPU detail shows the GPUs in the body, and help is the whole key table: no GPU panel under them.
    gpuDetail: overlay === 'gpu' || overlay === 'help', panes: shown.length, expanded,
    // Kept compact, a run shows its header (a TensorBoard run also its egress line) and its first chart.
    compactLines: shown.map(({ card }) => compactPaneLines(HEADER_LINES + (card.kind === 'tensorboard' ? 1 : 0), card.panels[0], size.columns)),
  });

  let body: Body;
  if (overlay === 'help') body = { kind: 'help' };
  else if (overlay === 'gpu') body = { kind: 'gpu', each: Math.floor(heights.body / Math.max(1, input.gpus.length)) };
  else if (overlay === 'candidates' && choosing) {
    body = { kind: 'candidates', candidates, picked: picked?.id ?? null, selected: view.candidateSelected, canPick: options.canPick[choosing.session] ?? false };
  } else if (overlay === 'preview' && image) body = { kind: 'preview', path: image };
  else if (overlay === 'files' && staged) body = { kind: 'files', staged, sort: view.egressSort, selected };
  else if (runs.length) body = { kind: 'compare', runs };
  else if (shown.length === 0) body = { kind: 'waiting', what: snaps.map(waitingFor).join(' or ') };
  else {
    body = {
      kind: 'runs',
      panes: shown.map(({ card, session }, i) => {
        const { height, compact } = heights.panes[i];
        // A training's pane ends with its W&B egress (a wandb folder's is all egress); a TensorBoard pane says it in a line of its own.
        const chart = card.kind === 'ultralytics' && card.egress?.run ? egressPanel(card.egress) : null;
        const parts = card.kind === 'tensorboard' ? { chart: 0, panel: 0 } : egressParts(height, compact, card.egress, chart !== null);
        return { key: String(session), session, card, height, compact, egress: { chart: parts.chart ? chart : null, chartHeight: parts.chart, panel: parts.panel } };
      }),
    };
  }

  const footer = new Set<Action>([
    ...(overlay === 'help' ? (['help'] as const) : []),
    ...(view.smooth ? (['smooth'] as const) : []),
    ...(view.ignoreOutliers ? (['outliers'] as const) : []),
    ...(focus && view.logY.includes(focus) ? (['logY'] as const) : []),
    ...(view.xShare < 1 ? (['widen'] as const) : []),
    ...(overlay === 'gpu' ? (['gpu'] as const) : []),
    ...(overlay === 'files' || overlay === 'preview' ? (['egress'] as const) : []),
    ...(overlay === 'candidates' ? (['candidates'] as const) : []),
    ...(options.pictures.active ? (['picture'] as const) : []),
  ]);

  const replaced = shown.flatMap(({ card, session }) => {
    const r = snaps[session].replaced;
    return r && card.now - r.at < REPLACED_NOTE_MS ? [`newer run ${card.label} replaces ${r.label}`] : [];
  });
  const notice = view.note ?? options.pictures.note ?? (replaced.length ? replaced.join(' · ') : null);

  return {
    cards, body, overlay, focusKeys, focus, links,
    heights: { body: heights.body, gpus: heights.gpus },
    gpuAlerts: gpuAlertsOf, alerts, footer,
    status: { warnings: shown.flatMap(({ card }) => card.run.warnings), notice },
    now,
    context: {
      focusKeys,
      files: staged ? staged.files.length : null,
      isImage: (sort, row) => (staged ? IMAGE.test(sorted(staged.files, sort)[row]?.path ?? '') : false),
      choices: pickRows.length,
      whyNot: whyNot(shown.map(({ card }) => card)),
    },
    pick: choosing && options.canPick[choosing.session] ? { session: choosing.session, rows: pickRows } : null,
  };
}

/** What one key does: the view after it, whether it quits, and a wandb run picked (Enter in `c`: a run folder, or null to take the pick back). */
export interface KeyEffect {
  view: ViewState;
  quit: boolean;
  pick: { session: number; dir: string | null } | null;
}

/**
 * One key, acting on `view` (the view as it is when the key comes: a key right after `e` acts on
 * the list `e` opened, drawn or not). Enter picks the row that was drawn as selected (`drawn`):
 * on a busy machine what is on screen can be a frame older than the view.
 */
export function answerKey(view: ViewState, input: string, key: Key, drawn: { screen: Screen; view: ViewState }): KeyEffect {
  const action = actionFor(input, key, view.overlay);
  if (action === 'quit') return { view, quit: true, pick: null };
  if (action === null) return { view: view.note === null ? view : { ...view, note: null }, quit: false, pick: null };
  const p = action === 'choose' && drawn.screen.overlay === 'candidates' ? drawn.screen.pick : null;
  const pick = p && p.rows.length ? { session: p.session, dir: p.rows[Math.min(drawn.view.candidateSelected, p.rows.length - 1)] } : null;
  return { view: reduceView(view, action, drawn.screen.context), quit: false, pick };
}
