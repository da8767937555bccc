// What decoding an Event record gives: shared by the protobufjs path (event.ts) and the
// hand-written fast path (event-fast.ts), so neither imports the other for its types.

/** `tensor-scalar`: a rank-0 numeric tensor (TF2 tf.summary.scalar); `tensor`: any other tensor. */
export type ValueKind = 'scalar' | 'tensor-scalar' | 'image' | 'histogram' | 'audio' | 'tensor' | 'empty';

export interface SummaryValue {
  tag: string;
  /** plugin_data.plugin_name when this value carries metadata. */
  plugin: string | null;
  kind: ValueKind;
  /** The value for `scalar` and `tensor-scalar`; NaN otherwise. */
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion: string | null;
  /** Null when the event holds no summary (graph, log message, session log, metadata). */
  values: SummaryValue[] | null;
}
