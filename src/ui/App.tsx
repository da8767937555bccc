// The one container: holds state in hooks (sessions, view settings, pane size) and hands it to
// presentation components. With several targets (both training phases) it shows every run that
// is live, else the one that changed last.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { AnyRun, SessionSnapshot } from '../model/session.js';
import { actionFor, type Action } from './keys.js';
import { CHROME_LINES, egressChartHeight, paneHeights } from './layout.js';
import { closeOverlay, INITIAL_VIEW, reduceView, type ViewState } from './view-state.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { Footer } from './components/Footer.js';
import { HelpScreen } from './components/HelpScreen.js';
import { StatusLine } from './components/StatusLine.js';
import { TensorboardPane, tensorboardPanelIds } from './components/TensorboardPane.js';
import { UltralyticsPane, ultralyticsPanelIds } from './components/UltralyticsPane.js';
import { Waiting } from './components/Waiting.js';
import { hasData } from './first-frame.js';
import { viewRun } from '../model/run-view.js';
import { viewTb } from '../model/tb-view.js';
import { egressState } from '../model/egress.js';
import { tensorboardAlerts, ultralyticsAlerts, type Alert } from '../model/alerts.js';
import { sortFiles } from './components/EgressList.js';
import { StagedView } from './components/StagedView.js';
import { EgressChart } from './components/EgressChart.js';
import { egressPanel } from '../model/egress-chart.js';
import { EgressPanel, egressPanelHeight } from './components/EgressPanel.js';
import { CandidateList } from './components/CandidateList.js';
import { pickedByUser } from '../model/egress-attribution.js';
import { ImagePreview } from './components/ImagePreview.js';
import { ComparePane } from './components/ComparePane.js';
import { comparePanels } from '../model/compare.js';
import { join } from 'node:path';
import { gpuAlerts, type GpuState } from '../model/gpu-store.js';
import { GpuDetail } from './components/GpuDetail.js';
import { GpuPanel, gpuPanelHeight } from './components/GpuPanel.js';
import type { GraphicsSupport } from './graphics/detect.js';
import type { PictureRenderer } from './graphics/picture-renderer.js';
import { NO_IMAGES, PicturesContext, type Pictures } from './pictures-context.js';
import type { ReadImage } from '../model/image-read.js';
import { cleanText } from '../model/text.js';

export interface SessionLike {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /** `c` then Enter: the user says which wandb run is the training's (a run folder), or takes a pick back (null). */
  pickWandbRun?(dir: string | null): void;
}

export interface GpuSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): GpuState;
  /** The host the GPUs are on, when not this machine. */
  label?: string;
}

export interface AppOptions {
  note: string;
  totalTimesteps?: number | null;
  /** The GPU readings, of one machine or of each host (a compact panel each); absent with --no-gpu. */
  gpu?: GpuSource | readonly GpuSource[];
  /** Ring the terminal bell once per new alert (tmux marks the window). */
  bell?: boolean;
  /** Several PATHs: overlay their runs instead of showing the live ones. */
  compare?: boolean;
  /** `i` and `p`: whether the terminal can show pictures, and what draws them there. */
  pictures?: { support: GraphicsSupport; renderer: PictureRenderer | null; readImage?: ReadImage };
}

const NO_FAILURE = { subscribe: () => () => {}, getFailure: (): string | null => null };
const NO_PICTURES: NonNullable<AppOptions['pictures']> = { support: { protocol: null, why: 'pictures are not available here: charts stay braille' }, renderer: null };

/** Pictures for charts and staged images, and what the status line says while `i` is on but they cannot be. */
function usePictures(setup: AppOptions['pictures'], on: boolean): { pictures: Pictures; note: string | null } {
  const { support, renderer, readImage = NO_IMAGES } = setup ?? NO_PICTURES;
  const source = renderer ?? NO_FAILURE;
  const failure = useSyncExternalStore(source.subscribe, source.getFailure);
  const available = renderer !== null && support.protocol !== null && failure === null;
  const active = on && available;
  const pictures = useMemo(() => ({ available, active, renderer, readImage }), [available, active, renderer, readImage]);
  const note = !on ? null : failure !== null ? `pictures failed (${failure}): charts stay braille` : active ? null : support.why;
  return { pictures, note };
}

/** One store over several (sessions, GPU samplers), so one hook call serves any number of them: a new array only when one changed. */
function useSnapshots<S>(sources: readonly { subscribe(listener: () => void): () => void; getSnapshot(): S }[]): S[] {
  const combined = useMemo(() => {
    let cache: S[] = sources.map((s) => s.getSnapshot());
    return {
      subscribe: (l: () => void) => {
        const offs = sources.map((s) => s.subscribe(l));
        return () => offs.forEach((off) => off());
      },
      get: () => {
        const next = sources.map((s) => s.getSnapshot());
        if (next.some((x, i) => x !== cache[i])) cache = next;
        return cache;
      },
    };
  }, [sources]);
  return useSyncExternalStore(combined.subscribe, combined.get);
}

function isLive(snap: SessionSnapshot, totalTimesteps: number | null): boolean {
  const run = snap.run;
  if (run.format === 'ultralytics') return viewRun(run, snap.now).status === 'live';
  if (run.format === 'tensorboard') return viewTb(run, snap.now, totalTimesteps).status === 'live';
  return snap.egress !== null && egressState(snap.egress, snap.now) === 'online';
}

function panelIds(run: AnyRun): string[] {
  if (run.format === 'ultralytics') return ultralyticsPanelIds(run);
  if (run.format === 'tensorboard') return tensorboardPanelIds(run);
  return [];
}

export function App({ sessions, options }: { sessions: readonly SessionLike[]; options: AppOptions }) {
  const snaps = useSnapshots(sessions);
  const { columns, rows } = useTerminalSize();
  const [view, setView] = useState(INITIAL_VIEW);
  const { exit } = useApp();
  const total = options.totalTimesteps ?? null;
  const gpuSources = useMemo(() => (options.gpu === undefined ? [] : 'getSnapshot' in options.gpu ? [options.gpu] : options.gpu), [options.gpu]);
  const gpus = useSnapshots(gpuSources).map((state, i) => ({ label: gpuSources[i].label, state }));
  const { pictures, note: pictureNote } = usePictures(options.pictures, view.picture);

  const withData = snaps.filter((s) => hasData(s.run));
  const live = withData.filter((s) => isLive(s, total));
  const shown = live.length > 1 ? live : withData.length ? [withData.reduce((a, b) => (lastChange(b.run) > lastChange(a.run) ? b : a))] : [];
  const compareKey = options.compare ? withData.map((s) => `${s.run.runDir}:${s.run.version}`).join('|') : '';
  // Keyed by every run's version: a new array only when some run changed.
  const compared = useMemo(
    () => (compareKey ? withData.flatMap((s) => (s.run.format === 'wandb' ? [] : [{ label: s.run.label, run: s.run }])) : []),
    [compareKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const focusKeys = options.compare
    ? comparePanels(compared, false).map((p) => `c:${p.id}`)
    : shown.flatMap((s, i) => panelIds(s.run).map((id) => `${i}:${id}`));
  const focus = focusKeys.length ? focusKeys[view.focus % focusKeys.length] : null;

  const staged = shown.find((x) => x.egress?.run)?.egress ?? null;
  const listed = view.egressList && staged ? sortFiles(staged.files, view.egressSort) : [];
  // `c`: the shown run whose wandb run is unconfirmed (or was picked), and the session that takes the pick.
  const choosing = shown.find((x) => (x.egress?.candidates.length ?? 0) > 0 || pickedByUser(x.egress?.run ?? null)) ?? null;
  const candidates = choosing?.egress?.candidates ?? [];
  const picked = pickedByUser(choosing?.egress?.run ?? null) ? choosing?.egress?.run ?? null : null;
  const pickIn = choosing ? sessions[snaps.indexOf(choosing)] : undefined;
  const choices = candidates.length + (picked ? 1 : 0);

  // What the last frame showed. Ink hands keys to the handler of the last committed effect, which
  // can be a frame older than what is on screen on a busy machine: Enter reads what was drawn.
  const drawn = useRef({ view, choices, candidates, pickIn });
  drawn.current = { view, choices, candidates, pickIn };
  useInput((input, key) => {
    // Esc and the lists' own keys are bound to no action, and read the view as it is when the key
    // is handled (not as it was drawn): a key right after `e` is not lost. Enter picks the row
    // drawn as selected: the one the user saw.
    const last = Math.max(0, listed.length - 1);
    const inList = (change: (v: ViewState) => ViewState) => setView((v) => (v.egressList && !v.help ? change(v) : v));
    const move = (by: number) => setView((v) => (v.help ? v
      : v.candidates ? { ...v, candidateSelected: Math.max(0, Math.min(choices - 1, v.candidateSelected + by)) }
        : v.egressList ? { ...v, egressSelected: Math.max(0, Math.min(last, v.egressSelected + by)) } : v));
    if (key.escape) return setView(closeOverlay);
    if (key.upArrow) return move(-1);
    if (key.downArrow) return move(1);
    const seen = drawn.current;
    if (key.return && seen.view.candidates && !seen.view.help && seen.choices > 0 && seen.pickIn?.pickWandbRun) {
      const row = Math.min(seen.view.candidateSelected, seen.choices - 1);
      seen.pickIn.pickWandbRun(row < seen.candidates.length ? seen.candidates[row].dir : null);
      return setView((v) => ({ ...v, candidates: false }));
    }
    if (input === 'b' || input === 't') return inList((v) => ({ ...v, egressSort: input === 'b' ? 'bytes' : 'time', egressSelected: 0 }));
    const action = actionFor(input, key);
    if (action === 'quit') exit();
    // With nothing to choose from, c would only open a list later, when candidates appear.
    else if (action && !(action === 'candidates' && choices === 0)) setView((v) => reduceView(v, action, focusKeys));
  });

  const active = new Set<Action>([
    ...(view.help ? (['help'] as const) : []),
    ...(view.smooth ? (['smooth'] as const) : []),
    ...(view.ignoreOutliers ? (['outliers'] as const) : []),
    ...(focus && view.logY.includes(focus) ? (['logY'] as const) : []),
    ...(view.xShare < 1 ? (['widen'] as const) : []),
    ...(view.gpuDetail ? (['gpu'] as const) : []),
    ...(view.egressList ? (['egress'] as const) : []),
    ...(view.candidates ? (['candidates'] as const) : []),
    ...(pictures.active ? (['picture'] as const) : []),
  ]);
  const now = snaps[0]?.now ?? Date.now();
  const alerts = gpus.map(({ label, state }) => gpuAlerts(state, live.length > 0, now).map((a) => (label ? { ...a, message: `${label}: ${a.message}` } : a)));
  const allAlerts: Alert[] = [
    ...snaps.flatMap((x) => runAlerts(x, total)),
    ...alerts.flatMap((list, i) => list.map((a) => ({ key: `${gpus[i].label ?? ''}/${a.key}`, level: 'warning' as const, message: a.message }))),
  ];
  useBell(allAlerts, options.bell ?? false);
  // A host whose connection is down says so above everything, once per host.
  const links = [...new Set(snaps.flatMap((x) => (x.connection && x.target.fs.host ? [`${x.target.fs.host}: ${x.connection}`] : [])))];
  const available = Math.max(0, rows - CHROME_LINES - links.length);
  // Two runs on screen need the lines more than the GPU rows do (g shows them all).
  const gpuMax = Math.max(1, Math.floor(available / (shown.length > 1 ? 6 : 3)));
  const several = gpus.length > 1;
  const gpuHeights = gpus.map(({ state }, i) => (view.gpuDetail ? 0 : gpuPanelHeight(state, alerts[i], columns, several ? Math.max(1, Math.floor(gpuMax / gpus.length)) : gpuMax, several)));
  const gpuHeight = gpuHeights.reduce((a, b) => a + b, 0);
  const bodyHeight = available - gpuHeight;
  const expanded = focus ? Number(focus.slice(0, focus.indexOf(':'))) || 0 : 0;
  const heights = paneHeights(bodyHeight, shown.length, expanded);

  let body;
  if (view.help) body = <HelpScreen height={bodyHeight} />;
  else if (view.gpuDetail) {
    const each = Math.floor(bodyHeight / Math.max(1, gpus.length));
    body = gpus.length === 0
      ? <GpuDetail state={null} width={columns} height={bodyHeight} now={now} />
      : gpus.map(({ label, state }, i) => <GpuDetail key={i} state={state} label={label} width={columns} height={each} now={now} />);
  }
  else if (view.candidates && choosing) {
    body = <CandidateList candidates={candidates} picked={picked?.id ?? null} selected={view.candidateSelected} canPick={pickIn?.pickWandbRun !== undefined} height={bodyHeight} />;
  }
  else if (view.egressList && staged?.run) {
    const pick = listed[Math.min(view.egressSelected, listed.length - 1)];
    body = view.preview && pick && /\.(png|jpe?g|gif)$/i.test(pick.path)
      ? <ImagePreview path={join(staged.run.dir, 'files', pick.path)} width={columns} height={bodyHeight} />
      : <StagedView state={staged} sort={view.egressSort} selected={view.egressSelected} width={columns} height={bodyHeight} now={now} />;
  }
  else if (options.compare && compared.length > 0) body = <ComparePane runs={compared} width={columns} height={bodyHeight} view={view} focus={focus} />;
  else if (shown.length === 0) {
    const what = snaps.map((s) => (s.target.kind === 'follow' ? `a run under ${s.target.root}` : s.target.format === 'ultralytics' ? s.target.csvPath : `event files in ${s.target.runDir}`)).join(' or ');
    body = <Waiting what={what} height={bodyHeight} />;
  } else {
    body = shown.map((s, i) => {
      const { height, compact } = heights[i];
      const props = { now: s.now, pane: String(i), width: columns, height, view, focus, compact };
      if (s.run.format === 'tensorboard') return <TensorboardPane key={i} run={s.run} totalTimesteps={total} {...props} />;
      const egressH = compact ? 0 : Math.min(egressPanelHeight(s.egress), Math.max(0, height - 6));
      const chart = s.run.format === 'ultralytics' && egressH > 0 && s.egress?.run ? egressPanel(s.egress) : null;
      const chartH = chart ? egressChartHeight(height, 'panel') : 0;
      return (
        <Box key={i} flexDirection="column" height={height} overflowY="hidden">
          {s.run.format === 'ultralytics'
            ? <UltralyticsPane run={s.run} {...props} height={height - egressH - chartH} />
            : s.egress ? <StagedView state={s.egress} sort={view.egressSort} selected={-1} width={columns} height={height - egressH} now={s.now} /> : null}
          {chart && chartH ? <EgressChart panel={chart} width={columns} height={chartH} /> : null}
          {egressH > 0 ? <EgressPanel state={s.egress} now={s.now} /> : null}
        </Box>
      );
    });
  }

  return (
    <PicturesContext.Provider value={pictures}>
      <Box flexDirection="column" width={columns} height={rows - 1} overflowY="hidden">
        {links.map((l) => <Text key={l} color="yellow" wrap="truncate-end">⚠ {cleanText(l)}</Text>)}
        <Box flexDirection="column" height={bodyHeight} overflowY="hidden">{body}</Box>
        {gpus.map(({ label, state }, i) => (gpuHeights[i] > 0 ? <GpuPanel key={i} state={state} label={label} alerts={alerts[i]} width={columns} height={gpuHeights[i]} now={now} compact={several} /> : null))}
        <StatusLine warnings={shown.flatMap((s) => s.run.warnings)} note={options.note} notice={pictureNote} width={columns} />
        <Footer active={active} width={columns} />
      </Box>
    </PicturesContext.Provider>
  );
}

function runAlerts(s: SessionSnapshot, total: number | null): Alert[] {
  if (s.run.format === 'ultralytics') return hasData(s.run) ? ultralyticsAlerts(s.run, viewRun(s.run, s.now)) : [];
  if (s.run.format === 'tensorboard') return hasData(s.run) ? tensorboardAlerts(s.run, viewTb(s.run, s.now, total)) : [];
  return [];
}

/** One bell per alert that appears while watching: alerts already there at start stay quiet. */
function useBell(alerts: readonly Alert[], enabled: boolean): void {
  const { stdout } = useStdout();
  const known = useRef<Set<string> | null>(null);
  const keys = alerts.map((a) => a.key).join('\n');
  useEffect(() => {
    const now = new Set(keys ? keys.split('\n') : []);
    if (known.current === null) {
      known.current = now;
      return;
    }
    const fresh = [...now].filter((k) => !known.current?.has(k));
    for (const k of fresh) known.current.add(k);
    if (enabled && fresh.length) stdout.write('\x07');
  }, [keys, enabled, stdout]);
}

function lastChange(run: AnyRun): number {
  return run.lastChangeAt ?? 0;
}
