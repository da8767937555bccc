// The one container: subscribes to the sessions, the GPU samplers and the pane size, holds the
// view state, asks the screen model (screen-model.ts) what to show, and draws it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { SessionSnapshot } from '../model/session.js';
import type { GpuState } from '../model/gpu-store.js';
import type { ReadImage } from '../model/image-read.js';
import { cleanText } from '../model/text.js';
import { INITIAL_VIEW, type ViewState } from './view-state.js';
import { answerKey, screenModel, type Body, type GpuView, type Screen } from './screen-model.js';
import { inkKey, splitKeys } from './early-keys.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useSnapshots } from './hooks/useSnapshots.js';
import { useBell } from './hooks/useBell.js';
import { usePictures, type PicturesSetup } from './hooks/usePictures.js';
import { PicturesContext } from './pictures-context.js';
import { CandidateList } from './components/CandidateList.js';
import { ComparePane } from './components/ComparePane.js';
import { Footer } from './components/Footer.js';
import { GpuDetail } from './components/GpuDetail.js';
import { GpuPanel } from './components/GpuPanel.js';
import { HelpScreen } from './components/HelpScreen.js';
import { ImagePreview } from './components/ImagePreview.js';
import { RunPane } from './components/RunPane.js';
import { StagedView } from './components/StagedView.js';
import { StatusLine } from './components/StatusLine.js';
import { Waiting } from './components/Waiting.js';

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
  /** Several PATHs: overlay their runs instead of showing each. */
  compare?: boolean;
  /** `i` and `p`: whether the terminal can show pictures, and what draws them there. */
  pictures?: PicturesSetup & { readImage?: ReadImage };
  /** The keys typed before Ink took the terminal (early-keys.ts): they act, in order, on the view of the first frame. */
  typed?: readonly string[];
}

type Size = { columns: number; rows: number };

/** The screen model's input from what App holds: one place, so the keys typed before Ink see the screen Ink draws. */
function screenOf(snaps: readonly SessionSnapshot[], gpus: readonly GpuView[], view: ViewState, size: Size, options: AppOptions, canPick: readonly boolean[], pictures: { active: boolean; note: string | null }): Screen {
  return screenModel({
    snaps, gpus, view, size, now: Date.now(),
    options: { compare: options.compare ?? false, totalTimesteps: options.totalTimesteps ?? null, canPick, pictures },
  });
}

const gpuSourcesOf = (options: AppOptions): readonly GpuSource[] => (options.gpu === undefined ? [] : 'getSnapshot' in options.gpu ? [options.gpu] : options.gpu);

/** The view after the keys typed before Ink, each acting on the screen as it is now (an Enter in c picks, as in the app). */
export function viewAfterKeys(typed: readonly string[], sessions: readonly SessionLike[], options: AppOptions, size: Size): ViewState {
  let view = INITIAL_VIEW;
  const canPick = sessions.map((s) => s.pickWandbRun !== undefined);
  for (const seq of typed) {
    const gpus = gpuSourcesOf(options).map((g) => ({ label: g.label, state: g.getSnapshot() }));
    const screen = screenOf(sessions.map((s) => s.getSnapshot()), gpus, view, size, options, canPick, { active: false, note: null });
    const { input, key } = inkKey(seq);
    const effect = answerKey(view, input, key, { screen, view });
    if (effect.quit) break;
    if (effect.pick) sessions[effect.pick.session].pickWandbRun?.(effect.pick.dir);
    view = effect.view;
  }
  return view;
}

function BodyView({ body, screen, gpus, view, width }: { body: Body; screen: Screen; gpus: readonly GpuView[]; view: ViewState; width: number }) {
  const height = screen.heights.body;
  switch (body.kind) {
    case 'help': return <HelpScreen height={height} width={width} />;
    case 'gpu':
      return gpus.length === 0
        ? <GpuDetail state={null} width={width} height={height} now={screen.now} />
        : <>{gpus.map(({ label, state }, i) => <GpuDetail key={i} state={state} label={label} width={width} height={body.each} now={screen.now} />)}</>;
    case 'candidates': return <CandidateList candidates={body.candidates} picked={body.picked} selected={body.selected} canPick={body.canPick} height={height} />;
    case 'files': return <StagedView state={body.staged} sort={body.sort} selected={body.selected} width={width} height={height} now={screen.now} />;
    case 'preview': return <ImagePreview path={body.path} width={width} height={height} />;
    case 'compare': return <ComparePane runs={body.runs} width={width} height={height} view={view} focus={screen.focus} />;
    case 'waiting': return <Waiting what={body.what} height={height} />;
    case 'runs': return <>{body.panes.map((p) => <RunPane key={p.key} pane={p} width={width} view={view} focus={screen.focus} />)}</>;
  }
}

export function App({ sessions, options }: { sessions: readonly SessionLike[]; options: AppOptions }) {
  const snaps = useSnapshots(sessions);
  const size = useTerminalSize();
  const [view, setView] = useState(() => viewAfterKeys(options.typed ?? [], sessions, options, size));
  const { exit } = useApp();
  const gpuSources = useMemo(() => gpuSourcesOf(options), [options.gpu]);
  const gpuStates = useSnapshots(gpuSources);
  const gpus = gpuStates.map((state, i) => ({ label: gpuSources[i].label, state }));
  const { pictures, note: pictureNote } = usePictures(options.pictures, view.picture);
  const canPick = useMemo(() => sessions.map((s) => s.pickWandbRun !== undefined), [sessions]);
  const screen = screenOf(snaps, gpus, view, size, options, canPick, { active: pictures.active, note: pictureNote });
  useBell(screen.alerts, options.bell ?? false);

  // Keys change the view as it is when they come (a key right after `e` acts on the list `e`
  // opened, even before it is drawn), so the view is kept in a ref too; Enter picks what was drawn.
  const current = useRef(view);
  const drawn = useRef({ screen, view });
  drawn.current = { screen, view };
  // The first chart to have the focus keeps it: a run or a chart that appears later never takes it.
  useEffect(() => {
    if (current.current.focus === null && screen.focus !== null) {
      current.current = { ...current.current, focus: screen.focus };
      setView(current.current);
    }
  }, [screen.focus]);
  useInput((input, key) => {
    // Keys that piled up while the app was busy come as one string: each acts, in order.
    for (const k of input.length > 1 ? splitKeys(input).keys.map(inkKey) : [{ input, key }]) {
      const effect = answerKey(current.current, k.input, k.key, drawn.current);
      if (effect.quit) return exit();
      if (effect.pick) sessions[effect.pick.session].pickWandbRun?.(effect.pick.dir);
      if (effect.view !== current.current) {
        current.current = effect.view;
        setView(effect.view);
      }
    }
  });

  const { columns, rows } = size;
  return (
    <PicturesContext.Provider value={pictures}>
      <Box flexDirection="column" width={columns} height={rows - 1} overflowY="hidden">
        {screen.links.map((l) => <Text key={l} color="yellow" wrap="truncate-end">⚠ {cleanText(l)}</Text>)}
        <Box flexDirection="column" height={screen.heights.body} overflowY="hidden">
          <BodyView body={screen.body} screen={screen} gpus={gpus} view={view} width={columns} />
        </Box>
        {gpus.map(({ label, state }, i) => (screen.heights.gpus[i] > 0
          ? <GpuPanel key={i} state={state} label={label} alerts={screen.gpuAlerts[i]} width={columns} height={screen.heights.gpus[i]} now={screen.now} compact={gpus.length > 1} />
          : null))}
        <StatusLine warnings={screen.status.warnings} note={options.note} notice={screen.status.notice} width={columns} />
        <Footer active={screen.footer} width={columns} />
      </Box>
    </PicturesContext.Provider>
  );
}
