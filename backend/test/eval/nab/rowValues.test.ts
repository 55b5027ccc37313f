import { loadNabCorpus, parseNabCsv } from '../../../src/eval/nab/corpus';
import { NAB_PROFILES } from '../../../src/eval/nab/profiles';
import { resultCsv } from '../../../src/eval/nab/resultFiles';
import { probationaryPeriod, rowValues, scaledSigmoid } from '../../../src/eval/nab/rowValues';
import { scoreAtThreshold, scoreCorpus } from '../../../src/eval/nab/scorer';
import { formatNabTimestamp, parseNabTimestamp } from '../../../src/eval/nab/timestamp';
import { windowsToRows } from '../../../src/eval/nab/windows';
import { join } from 'node:path';

const standard = NAB_PROFILES[0];

describe('NAB building blocks', () => {
  it('scaled sigmoid and probationary period follow the spec', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661429815, 10);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828363995, 10);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.0001)).toBe(-1);
    expect(probationaryPeriod(4032)).toBe(604);
    expect(probationaryPeriod(10000)).toBe(750);
  });

  it('values rows: first window row = A_TP, −A_FP before any window, discounted FP after one', () => {
    // n = 30, one window rows 10..19 (w = 10).
    const { value, window } = rowValues(30, [{ start: 10, end: 19 }], standard);
    expect(value[0]).toBeCloseTo(-0.11, 12);
    expect(value[10]).toBeCloseTo(1, 12);
    expect(value[19]).toBeCloseTo(scaledSigmoid(-0.1) / scaledSigmoid(-1), 12);
    expect(value[20]).toBeCloseTo(0.11 * scaledSigmoid(1 / 9), 12);
    expect(value[29]).toBeCloseTo(0.11 * scaledSigmoid(10 / 9), 12);
    expect(Array.from(window.subarray(9, 21))).toEqual([-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
  });

  it('maps window timestamps to inclusive rows, end row included', () => {
    const ts = [0, 10, 20, 30, 40, 50];
    expect(windowsToRows(ts, [[20, 40]])).toEqual([{ start: 2, end: 4 }]);
    expect(windowsToRows(ts, [[15, 45]])).toEqual([{ start: 2, end: 4 }]);
    const big = [1.4e12, 1.4e12 + 300_000, 1.4e12 + 600_000];
    expect(windowsToRows(big, [[1.4e12 + 300_000, 1.4e12 + 600_000]])).toEqual([{ start: 1, end: 2 }]);
  });

  it('parses NAB timestamps as UTC wall-clock text, with or without fractions', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp('2011-07-01 00:15:01')).toBe(Date.UTC(2011, 6, 1, 0, 15, 1));
    expect(formatNabTimestamp(Date.UTC(2014, 3, 10, 7, 15))).toBe('2014-04-10 07:15:00');
    expect(Number.isNaN(parseNabTimestamp('yesterday'))).toBe(true);
    expect(parseNabCsv('timestamp,value\n2014-01-01 00:00:00,1.5\n').values[0]).toBe(1.5);
  });

  it('scores a hand-made corpus: one early detection, one false positive, one miss', () => {
    // 2 files of 100 rows (P = 15). File A: window 40..59 detected at row 40 (+1) and a FP at row 20
    // (−0.11). File B: window 50..59 missed (−1). Raw = −0.11; normalised = 100·(−0.11+2)/4.
    const a = new Float64Array(100);
    a[40] = 0.9;
    a[20] = 0.8;
    a[5] = 1; // probationary: ignored
    const b = new Float64Array(100);
    const files = [
      { scores: a, windows: [{ start: 40, end: 59 }] },
      { scores: b, windows: [{ start: 50, end: 59 }] },
    ];
    expect(scoreAtThreshold(files, standard, 0.8)).toBeCloseTo(-0.11, 12);
    const best = scoreCorpus(files, standard);
    expect(best.threshold).toBe(0.9); // dropping the FP is better
    expect(best.raw).toBeCloseTo(0, 12);
    expect(best.normalized).toBeCloseTo(50, 12);
  });

  it('writes NAB result files with labels', () => {
    const corpus = loadNabCorpus(join(__dirname, '../../../../../shared/data/nab'));
    const s = corpus.find((c) => c.key === 'realTraffic/speed_7578.csv');
    if (s === undefined) throw new Error('series missing');
    const text = resultCsv(s, new Float64Array(s.values.length));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,label');
    expect(lines).toHaveLength(s.values.length + 1);
    expect(lines[1]).toBe('2015-09-08 11:39:00,73,0,0');
    const labelled = lines.slice(1).filter((l) => l.endsWith(',1')).length;
    expect(labelled).toBe(s.windows.reduce((acc, w) => acc + w.end - w.start + 1, 0));
  });
});
