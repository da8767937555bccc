import { useEffect, useRef } from 'react';
import { useStdout } from 'ink';
import type { Alert } from '../../model/alerts.js';

/** One bell per alert that appears while watching: alerts already there at start stay quiet. */
export function useBell(alerts: readonly Alert[], enabled: boolean): void {
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
