import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { runTarget } from '../../src/discover/targets.js';
import type { SessionSnapshot } from '../../src/model/session.js';
import { TbStore } from '../../src/model/tb-store.js';
import { decodeEvent } from '../../src/sources/tensorboard/event.js';
import { eventBytes, SB3_PPO_TAGS, sb3Value } from '../../fixtures/tensorboard/event-writer.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

function ppoSession(dumps: number, kl = 0.01) {
  const store = new TbStore('/out/tb_apex/PPO_3');
  store.setExists(true, 1_700_000_000_000);
  const events: ReturnType<typeof decodeEvent>[] = [];
  for (let d = 0; d < dumps; d++) {
    for (const tag of SB3_PPO_TAGS) {
      if (d === 0 && tag.startsWith('train/')) continue;
      events.push(decodeEvent(eventBytes({ wallTime: 1_700_000_000 + d * 10, step: (d + 1) * 2048, values: [{ tag, simple: tag === 'train/approx_kl' && d === dumps - 1 ? kl : sb3Value(tag, d) }] })));
    }
  }
  store.update(() => events.forEach((e) => store.addEvent(e)));
  const snap: SessionSnapshot = { target: runTarget(LOCAL, { format: 'tensorboard', dir: '/out/tb_apex/PPO_3' }), run: store.snapshot, egress: null, now: 1_700_000_000_000 };
  return { subscribe: () => () => {}, getSnapshot: () => snap };
}

describe('the PPO screen', () => {
  it('mirrors the training dashboard: timesteps, fps, rollout charts, train table, local-only line', (t) => {
    const r = render(<App sessions={[ppoSession(30)]} options={{ note: '', totalTimesteps: 1_000_000 }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    assert.match(out, /PPO_3/);
    assert.match(out, /PPO \(SB3\)/);
    assert.match(out, /timesteps 61,440\/1,000,000/);
    assert.match(out, /1,2\d\d fps/);
    assert.match(out, /ETA /);
    assert.match(out, /local only — nothing leaves this box/);
    assert.match(out, /rollout\/ep_rew_mean/);
    assert.match(out, /rollout\/ep_len_mean/);
    assert.match(out, /train\/value_loss/);
    assert.match(out, /[▁▂▃▄▅▆▇█]{5}/, 'sparklines');
  });

  it('warns when approx_kl leaves its usual range', (t) => {
    const r = render(<App sessions={[ppoSession(10, 0.2)]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    assert.match(r.lastFrame() ?? '', /⚠ approx_kl 0\.2\d* is high/);
    assert.match(r.lastFrame() ?? '', /timesteps 20,480 /, 'no total: steps only');
  });
});
