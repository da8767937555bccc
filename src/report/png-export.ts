// Charts as a picture: chart.js drawing on @napi-rs/canvas (prebuilt, no system libraries), one
// chart per panel in a grid, with title, axes, legend and the best epoch marked. The font ships
// with the package (dejavu-fonts-ttf), so hosts without system fonts draw text too. Loaded only
// by `aigp-watch export`: the TUI never pays for it.
import { createRequire } from 'node:module';
import type { Panel } from '../model/panels.js';

export interface PngOptions {
  width: number;
  height: number;
  title: string;
  /** x of the best epoch, marked on every chart but the learning rate. */
  marker: number | null;
  xLabel: string;
}

const FONT = 'DejaVu Sans';

export async function renderPng(panels: readonly Panel[], o: PngOptions): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  const { Chart, registerables, BasicPlatform } = await import('chart.js');
  Chart.register(...registerables);
  const require = createRequire(import.meta.url);
  if (!GlobalFonts.has(FONT)) GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT);
  Chart.defaults.font.family = FONT;

  const canvas = createCanvas(o.width, o.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, o.width, o.height);
  ctx.fillStyle = '#111111';
  ctx.font = `bold 20px "${FONT}"`;
  ctx.fillText(o.title, 16, 30);
  const top = 44;
  const cols = panels.length > 2 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(panels.length / cols));
  const cw = Math.floor(o.width / cols);
  const ch = Math.floor((o.height - top) / rows);

  panels.forEach((panel, i) => {
    const sub = createCanvas(cw, ch);
    const subCtx = sub.getContext('2d');
    const marker = panel.id === 'lr' ? null : o.marker;
    const chart = new Chart(subCtx as unknown as CanvasRenderingContext2D, {
      type: 'line',
      platform: BasicPlatform,
      data: {
        datasets: panel.series.map((s) => ({
          label: s.label,
          data: s.xs.map((x, k) => ({ x, y: Number.isFinite(s.ys[k]) ? s.ys[k] : null })),
          borderColor: s.color,
          backgroundColor: s.color,
          borderDash: s.dotted ? [6, 4] : [],
          borderWidth: 1.5,
          pointRadius: s.xs.length > 60 ? 0 : 2,
          spanGaps: false,
        })),
      },
      options: {
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        parsing: false,
        plugins: {
          title: { display: true, text: `${panel.title}${panel.styleNote ? ` (${panel.styleNote})` : ''}` },
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 10 } } },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: o.xLabel } },
          y: { type: 'linear' },
        },
      },
      plugins: [{
        id: 'best-epoch',
        afterDraw(c) {
          if (marker === null) return;
          const x = c.scales.x.getPixelForValue(marker);
          if (x < c.chartArea.left || x > c.chartArea.right) return;
          const g = c.ctx;
          g.save();
          g.strokeStyle = '#444444';
          g.setLineDash([4, 4]);
          g.beginPath();
          g.moveTo(x, c.chartArea.top);
          g.lineTo(x, c.chartArea.bottom);
          g.stroke();
          g.fillStyle = '#444444';
          g.font = `11px "${FONT}"`;
          g.fillText(`best ${marker}`, x + 4, c.chartArea.top + 12);
          g.restore();
        },
      }],
    });
    // BasicPlatform sizes the chart from the canvas it was given.
    chart.resize(cw, ch);
    chart.draw();
    ctx.drawImage(sub, (i % cols) * cw, top + Math.floor(i / cols) * ch);
    chart.destroy();
  });
  return canvas.toBuffer('image/png');
}
