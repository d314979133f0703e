import { downloadBlob } from './download.ts';
import { makeButton } from './button.ts';
import { BACKGROUND } from './palette.ts';

const TEXT = '#e6e8ee';

const canvasBlob = (canvas: HTMLCanvasElement) =>
  new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));

/**
 * The 3D view as a PNG: the WebGL canvas (kept readable by preserveDrawingBuffer), the axis
 * labels drawn where the label layer shows them, the legend's colours and names, and a caption.
 */
export function viewToPng(canvas: HTMLCanvasElement, labelLayer: HTMLElement, legend: HTMLElement, caption: string): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const context = out.getContext('2d')!;
  const box = canvas.getBoundingClientRect();
  const ratio = canvas.width / Math.max(1, box.width);
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(canvas, 0, 0);
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  for (const label of labelLayer.querySelectorAll<HTMLElement>('.axis-tick, .axis-title')) {
    const rect = label.getBoundingClientRect();
    if (rect.width === 0 || label.style.display === 'none') continue;
    const style = getComputedStyle(label);
    context.font = `${style.fontWeight} ${parseFloat(style.fontSize) * ratio}px ${style.fontFamily}`;
    context.fillStyle = style.color;
    context.fillText(label.textContent ?? '', (rect.left + rect.width / 2 - box.left) * ratio, (rect.top + rect.height / 2 - box.top) * ratio);
  }
  context.textAlign = 'left';
  const line = 20 * ratio;
  context.font = `${13 * ratio}px system-ui, sans-serif`;
  context.fillStyle = TEXT;
  context.fillText(caption, 16 * ratio, 20 * ratio);
  [...legend.querySelectorAll<HTMLElement>('.legend-row')].forEach((row, i) => {
    const y = 20 * ratio + line * (i + 1.4);
    context.fillStyle = getComputedStyle(row.querySelector('.legend-swatch')!).backgroundColor;
    context.beginPath();
    context.arc(22 * ratio, y, 6 * ratio, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = TEXT;
    const name = row.querySelector('.legend-name')?.textContent ?? '';
    const size = row.querySelector('.legend-size')?.textContent ?? '';
    context.fillText(`${name}  ${size}`, 36 * ratio, y);
  });
  return canvasBlob(out);
}

/** The plot's own <svg> (a chart with a colour legend is a <figure> around it). */
export function plotSvg(chart: Element): SVGSVGElement {
  return chart instanceof SVGSVGElement ? chart : [...chart.querySelectorAll('svg')].at(-1)!;
}

/** A chart as a standalone SVG file: Plot's inline style and <style> travel with it. */
export function chartToSvg(chart: Element): Blob {
  const svg = plotSvg(chart).cloneNode(true) as SVGSVGElement;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.style.background = BACKGROUND;
  return new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
}

/** A chart as a PNG at twice its size, on the page's dark background. */
export async function chartToPng(chart: Element): Promise<Blob> {
  const svg = plotSvg(chart);
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(chartToSvg(chart));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * 2);
    canvas.height = Math.round(height * 2);
    const context = canvas.getContext('2d')!;
    context.fillStyle = BACKGROUND;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Small "SVG" and "PNG" buttons under a chart that download it as `baseName.svg` / `.png`. */
export function withChartExport(chart: Element, baseName: string): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'chart-box';
  const bar = document.createElement('div');
  bar.className = 'chart-export';
  for (const kind of ['svg', 'png'] as const) {
    const download = async () => downloadBlob(kind === 'svg' ? chartToSvg(chart) : await chartToPng(chart), `${baseName}.${kind}`);
    const button = makeButton(kind.toUpperCase(), `chart-${kind}`, () => void download(), `Download this chart as ${baseName}.${kind}`);
    button.dataset.export = `${baseName}.${kind}`;
    bar.append(button);
  }
  wrapper.append(chart, bar);
  return wrapper;
}
