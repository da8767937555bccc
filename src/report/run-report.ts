// One run as the non-interactive faces show it: text (--once, pipes, the first frame before Ink)
// and a JSON object (--json), both read from the run's card.
import type { RunCard } from '../model/run-card.js';
import { cleanText } from '../model/text.js';
import { egressJson, egressLines } from './egress-report.js';
import { tensorboardJson, ultralyticsJson } from './json-snapshot.js';
import { tensorboardText, ultralyticsText } from './text-snapshot.js';

/** `maxLines`: only what a pane of that many lines shows is made (a first frame); the whole report when absent. */
export function runText(card: RunCard, width: number, maxLines = Infinity): string {
  const egress = () => egressLines(card.egress, card.now).join('\n');
  switch (card.kind) {
    case 'ultralytics': return `${ultralyticsText(card.run, card.view, width, maxLines)}${egress()}\n`;
    case 'tensorboard': return tensorboardText(card.run, card.view, width, maxLines);
    case 'wandb': return `${cleanText(card.label)} · wandb folder\npath: ${cleanText(card.runDir)}\n${egress()}\n`;
  }
}

/** A run's JSON object; keys are only ever added. */
export function runJson(card: RunCard) {
  const alerts = card.alerts.map((a) => a.message);
  switch (card.kind) {
    case 'ultralytics': return { ...ultralyticsJson(card.run, card.view), egress: egressJson(card.egress, card.now), alerts };
    case 'tensorboard': return { ...tensorboardJson(card.run, card.view), alerts };
    case 'wandb': return { run: { path: card.runDir, kind: 'wandb' as const, task: null, name: card.label, status: card.status }, egress: egressJson(card.egress, card.now), alerts };
  }
}
