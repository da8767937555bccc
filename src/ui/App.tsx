// The one container: holds state in hooks (sessions, view settings, pane size) and hands it to
// presentation components. With several targets (both training phases) it shows every run that
// is live, else the one that changed last.
import { useMemo, useState, useSyncExternalStore } from 'react';
import { Box, useApp, useInput } from 'ink';
import type { AnyRun, SessionSnapshot } from '../live/run-session.js';
import { actionFor, type Action } from './keys.js';
import { CHROME_LINES } from './layout.js';
import { INITIAL_VIEW, reduceView } from './view-state.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { Footer } from './components/Footer.js';
import { HelpScreen } from './components/HelpScreen.js';
import { StatusLine } from './components/StatusLine.js';
import { TensorboardPane, tensorboardPanelIds } from './components/TensorboardPane.js';
import { UltralyticsPane, ultralyticsPanelIds } from './components/UltralyticsPane.js';
import { Waiting } from './components/Waiting.js';
import { viewRun } from '../model/run-view.js';
import { viewTb } from '../model/tb-view.js';
import { gpuAlerts, type GpuState } from '../model/gpu-store.js';
import { GpuDetail } from './components/GpuDetail.js';
import { GpuPanel, gpuPanelHeight } from './components/GpuPanel.js';

export interface SessionLike {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
}

export interface GpuSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): GpuState;
}

export interface AppOptions {
  note: string;
  totalTimesteps?: number | null;
  /** The GPU readings; absent with --no-gpu. */
  gpu?: GpuSource;
}

const NO_GPU = { subscribe: () => () => {}, getSnapshot: (): GpuState | null => null };

/** One store over several sessions, so one hook call serves any number of them. */
function useSessions(sessions: readonly SessionLike[]): SessionSnapshot[] {
  const combined = useMemo(() => {
    let cache: SessionSnapshot[] = sessions.map((s) => s.getSnapshot());
    return {
      subscribe: (l: () => void) => {
        const offs = sessions.map((s) => s.subscribe(l));
        return () => offs.forEach((off) => off());
      },
      get: () => {
        const next = sessions.map((s) => s.getSnapshot());
        if (next.some((x, i) => x !== cache[i])) cache = next;
        return cache;
      },
    };
  }, [sessions]);
  return useSyncExternalStore(combined.subscribe, combined.get);
}

function hasData(run: AnyRun): boolean {
  return run.format === 'ultralytics' ? run.epochs.length > 0 : run.tags.size > 0;
}

function isLive(snap: SessionSnapshot, totalTimesteps: number | null): boolean {
  const run = snap.run;
  return (run.format === 'ultralytics' ? viewRun(run, snap.now).status : viewTb(run, snap.now, totalTimesteps).status) === 'live';
}

function panelIds(run: AnyRun): string[] {
  return run.format === 'ultralytics' ? ultralyticsPanelIds(run) : tensorboardPanelIds(run);
}

export function App({ sessions, options }: { sessions: readonly SessionLike[]; options: AppOptions }) {
  const snaps = useSessions(sessions);
  const { columns, rows } = useTerminalSize();
  const [view, setView] = useState(INITIAL_VIEW);
  const { exit } = useApp();
  const total = options.totalTimesteps ?? null;
  const gpuSource = options.gpu ?? NO_GPU;
  const gpu = useSyncExternalStore(gpuSource.subscribe, gpuSource.getSnapshot);

  const withData = snaps.filter((s) => hasData(s.run));
  const live = withData.filter((s) => isLive(s, total));
  const shown = live.length > 1 ? live : withData.length ? [withData.reduce((a, b) => (lastChange(b.run) > lastChange(a.run) ? b : a))] : [];
  const focusKeys = shown.flatMap((s, i) => panelIds(s.run).map((id) => `${i}:${id}`));
  const focus = focusKeys.length ? focusKeys[view.focus % focusKeys.length] : null;

  useInput((input, key) => {
    if (view.help && key.escape) {
      setView((v) => ({ ...v, help: false }));
      return;
    }
    const action = actionFor(input, key);
    if (action === 'quit') exit();
    else if (action) setView((v) => reduceView(v, action, focusKeys));
  });

  const active = new Set<Action>([
    ...(view.help ? (['help'] as const) : []),
    ...(view.smooth ? (['smooth'] as const) : []),
    ...(view.ignoreOutliers ? (['outliers'] as const) : []),
    ...(focus && view.logY.includes(focus) ? (['logY'] as const) : []),
    ...(view.xShare < 1 ? (['widen'] as const) : []),
    ...(view.gpuDetail ? (['gpu'] as const) : []),
  ]);
  const now = snaps[0]?.now ?? Date.now();
  const alerts = gpu ? gpuAlerts(gpu, live.length > 0, now) : [];
  const available = Math.max(0, rows - CHROME_LINES);
  const gpuHeight = gpu && !view.gpuDetail ? gpuPanelHeight(gpu, alerts, columns, Math.max(1, Math.floor(available / 3))) : 0;
  const bodyHeight = available - gpuHeight;
  const each = shown.length ? Math.floor(bodyHeight / shown.length) : 0;

  let body;
  if (view.help) body = <HelpScreen height={bodyHeight} />;
  else if (view.gpuDetail && gpu) body = <GpuDetail state={gpu} width={columns} height={bodyHeight} />;
  else if (shown.length === 0) {
    const what = snaps.map((s) => (s.target.kind === 'follow' ? `a run under ${s.target.root}` : s.target.format === 'ultralytics' ? s.target.csvPath : `event files in ${s.target.runDir}`)).join(' or ');
    body = <Waiting what={what} height={bodyHeight} />;
  } else {
    body = shown.map((s, i) => {
      const props = { now: s.now, pane: String(i), width: columns, height: i === shown.length - 1 ? bodyHeight - each * (shown.length - 1) : each, view, focus };
      return s.run.format === 'ultralytics'
        ? <UltralyticsPane key={i} run={s.run} {...props} />
        : <TensorboardPane key={i} run={s.run} totalTimesteps={total} {...props} />;
    });
  }

  return (
    <Box flexDirection="column" width={columns} height={rows - 1} overflow="hidden">
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">{body}</Box>
      {gpu && gpuHeight > 0 ? <GpuPanel state={gpu} alerts={alerts} width={columns} height={gpuHeight} now={now} /> : null}
      <StatusLine warnings={shown.flatMap((s) => s.run.warnings)} note={options.note} />
      <Footer active={active} />
    </Box>
  );
}

function lastChange(run: AnyRun): number {
  return run.lastChangeAt ?? 0;
}
