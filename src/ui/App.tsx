// The one container: holds state in hooks, derives what to draw, hands it to presentation components.
import { useMemo, useState, useSyncExternalStore } from 'react';
import { Box, useApp, useInput } from 'ink';
import { buildPanels } from '../model/panels.js';
import { viewRun } from '../model/run-view.js';
import type { SessionSnapshot } from '../live/ultralytics-session.js';
import { actionFor, type Action } from './keys.js';
import { CHROME_LINES, layoutPanels } from './layout.js';
import { INITIAL_VIEW, reduceView } from './view-state.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { ChartPanel } from './components/ChartPanel.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpScreen } from './components/HelpScreen.js';
import { StatusLine } from './components/StatusLine.js';
import { Waiting } from './components/Waiting.js';

export interface SessionLike {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
}

export function App({ session, note }: { session: SessionLike; note: string }) {
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const { columns, rows } = useTerminalSize();
  const [view, setView] = useState(INITIAL_VIEW);
  const { exit } = useApp();
  const run = snap.run;

  const panels = useMemo(() => buildPanels(run, view.smooth), [run, view.smooth]);
  const runView = useMemo(() => viewRun(run, snap.now), [run, snap.now]);
  const ids = panels.map((p) => p.id);
  const focusId = ids.length ? ids[view.focus % ids.length] : null;
  const first = run.epochs[0];
  const last = run.epochs.at(-1);
  const span = first !== undefined && last !== undefined ? last - first + 1 : 0;

  useInput((input, key) => {
    if (view.help && key.escape) {
      setView((v) => ({ ...v, help: false }));
      return;
    }
    const action = actionFor(input, key);
    if (action === 'quit') exit();
    else if (action) setView((v) => reduceView(v, action, { panels: ids, span }));
  });

  const active = new Set<Action>([
    ...(view.help ? (['help'] as const) : []),
    ...(view.smooth ? (['smooth'] as const) : []),
    ...(view.ignoreOutliers ? (['outliers'] as const) : []),
    ...(focusId && view.logY.includes(focusId) ? (['logY'] as const) : []),
    ...(view.xWindow !== null ? (['widen'] as const) : []),
  ]);
  const bodyHeight = Math.max(0, rows - CHROME_LINES);
  const xMin = view.xWindow !== null && last !== undefined ? Math.max(first ?? 0, last - view.xWindow + 1) : undefined;

  let body;
  if (view.help) body = <HelpScreen height={bodyHeight} />;
  else if (run.epochs.length === 0) {
    const what = snap.target.kind === 'follow' && !run.exists ? `a run under ${snap.target.root}` : `${run.runDir}/results.csv`;
    body = <Waiting what={what} height={bodyHeight} />;
  } else {
    body = layoutPanels(columns, rows, ids, focusId).map((row, i) => (
      <Box key={i} flexDirection="row">
        {row.map((box) => {
          const panel = panels.find((p) => p.id === box.id);
          if (!panel) return null;
          return (
            <ChartPanel
              key={box.id}
              panel={panel}
              width={box.width}
              height={box.height}
              focused={box.id === focusId}
              logY={view.logY.includes(box.id)}
              ignoreOutliers={view.ignoreOutliers}
              smooth={view.smooth}
              xMin={xMin}
              xMax={xMin !== undefined ? last : undefined}
              marker={box.id === 'lr' ? null : runView.bestEpoch}
            />
          );
        })}
      </Box>
    ));
  }

  return (
    <Box flexDirection="column" width={columns} height={rows - 1} overflow="hidden">
      <Header view={runView} width={columns} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">{body}</Box>
      <StatusLine warnings={run.warnings} note={note} />
      <Footer active={active} />
    </Box>
  );
}
