import { DataTopic, FieldType, type DataFrame, type Field } from '@grafana/data';
import uPlot from 'uplot';

const WIDTH = 1200;
const HEIGHT = 380;

interface Region {
  start: number;
  end: number;
  title: string;
}

const displayName = (field: Field): string => field.config.displayNameFromDS ?? field.name;

/**
 * Draws the plugin's frames as a time-series panel would, in two stacked charts sharing the time
 * axis: the observed series with the expected value and its band (from `custom.fillBelowTo`), then
 * the anomaly score with its threshold. Both carry the anomaly regions of the annotation frame.
 */
export function drawFrames(target: HTMLElement, frames: DataFrame[], title: string): void {
  target.innerHTML = '';
  const dataFrames = frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations && f.fields.length > 1);
  const events = frames.find((f) => f.meta?.dataTopic === DataTopic.Annotations);
  if (dataFrames.length === 0) return;
  const xs = dataFrames[0].fields.find((f) => f.type === FieldType.time)!.values.map((t: number) => t / 1000);
  const fields = dataFrames.flatMap((frame) => frame.fields.filter((f) => f.type === FieldType.number));
  const scoreFields = fields.filter((f) => displayName(f).endsWith(' score'));
  const valueFields = fields.filter((f) => !scoreFields.includes(f));
  const regions: Region[] = events
    ? events.fields[0].values.map((t: number, i: number) => ({
        start: t / 1000,
        end: events.fields.find((f) => f.name === 'timeEnd')!.values[i] / 1000,
        title: events.fields.find((f) => f.name === 'title')!.values[i],
      }))
    : [];
  const threshold = scoreFields[0]?.config.thresholds?.steps[1]?.value;
  plot(target, `${title}: observed, expected and band`, xs, valueFields, regions, undefined, 'value', HEIGHT);
  if (scoreFields.length > 0)
    plot(target, 'anomaly score and threshold', xs, scoreFields, regions, threshold, 'score', 220);
}

function plot(
  target: HTMLElement,
  title: string,
  xs: number[],
  fields: Field[],
  regions: Region[],
  threshold: number | undefined,
  axisLabel: string,
  height: number,
): void {
  const names = fields.map(displayName);
  const series: uPlot.Series[] = [
    {},
    ...fields.map((field): uPlot.Series => {
      const name = displayName(field);
      if (name.endsWith(' score')) return { label: name, stroke: 'orange', width: 1 };
      if (name.endsWith(' upper') || name.endsWith(' lower'))
        return { label: name, stroke: 'rgba(138,184,255,0.5)', width: 0.5 };
      if (name.endsWith(' expected'))
        return { label: name, stroke: field.config.color?.fixedColor ?? '#8AB8FF', width: 1, dash: [6, 6] };
      return { label: name, stroke: '#73BF69', width: 1.5 };
    }),
  ];
  const bands: uPlot.Band[] = fields.flatMap((field, j) => {
    const below = field.config.custom?.fillBelowTo;
    const k = below ? names.indexOf(below) : -1;
    return k >= 0 ? [{ series: [j + 1, k + 1] as [number, number], fill: 'rgba(138,184,255,0.25)' }] : [];
  });
  const drawOverlays = (u: uPlot) => {
    const ctx = u.ctx;
    const { left, top, width, height: h } = u.bbox;
    ctx.save();
    for (const r of regions) {
      const x0 = u.valToPos(r.start, 'x', true);
      const x1 = Math.max(u.valToPos(r.end, 'x', true), x0 + 4);
      ctx.fillStyle = 'rgba(242,73,92,0.25)';
      ctx.fillRect(x0 - 2, top, x1 - x0, h);
      ctx.fillStyle = '#F2495C';
      ctx.beginPath(); // a marker at the bottom edge, like the panel's annotation markers
      ctx.moveTo(x0, top + h);
      ctx.lineTo(x0 - 7, top + h + 12);
      ctx.lineTo(x0 + 7, top + h + 12);
      ctx.fill();
    }
    if (threshold !== undefined) {
      const y = u.valToPos(threshold, 'y', true);
      ctx.strokeStyle = '#F2495C';
      ctx.setLineDash([8, 6]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
    }
    ctx.restore();
  };
  const axis = {
    stroke: '#ccccdc',
    grid: { stroke: 'rgba(204,204,220,0.1)' },
    ticks: { stroke: 'rgba(204,204,220,0.1)' },
  };
  const options: uPlot.Options = {
    title,
    width: WIDTH,
    height,
    series,
    bands,
    scales: { x: { time: true }, ...(threshold !== undefined ? { y: { range: [0, 1] } } : {}) },
    axes: [axis, { ...axis, label: axisLabel }],
    hooks: { draw: [drawOverlays] },
    cursor: { sync: { key: 'harness' } },
  };
  const columns = fields.map((f) => Array.from(f.values as ArrayLike<number | null>));
  const holder = document.createElement('div');
  target.appendChild(holder);
  new uPlot(options, [xs, ...columns] as uPlot.AlignedData, holder);
}
