// PATH was a wandb folder or one wandb run folder: the run is what its egress reader sees, read
// through the same Reader interface as a training's results.csv or event files.
import type { WandbRun } from '../model/session.js';
import type { EgressReader } from './egress-reader.js';

export class WandbFolderReader {
  readonly store: { subscribe(listener: () => void): () => void; readonly snapshot: WandbRun };
  private cached: WandbRun;

  constructor(private readonly runDir: string, private readonly label: string, private readonly egress: EgressReader) {
    this.cached = this.view();
    const read = () => this.read();
    this.store = { subscribe: egress.store.subscribe, get snapshot() { return read(); } };
  }

  private view(): WandbRun {
    const e = this.egress.store.snapshot;
    return { format: 'wandb', version: e.version, runDir: this.runDir, label: this.label, exists: e.run !== null, lastChangeAt: e.logChangedAt, warnings: e.warnings };
  }

  /** A new run object only when the egress store changed: the screen caches by identity. */
  private read(): WandbRun {
    if (this.cached.version !== this.egress.store.snapshot.version) this.cached = this.view();
    return this.cached;
  }

  sync(): Promise<void> {
    return this.egress.sync();
  }

  finish(): void {}
}
