import { fitEncoder, valueSeenInTraining } from '../../src/encoding/encoders';
import { describeFeature, type TrainingFacts } from '../../src/explain/featureReason';
import type { FeatureGroup } from '../../src/explain/featureGroups';
import { numberText, ratioText } from '../../src/explain/numberText';

const group = (name: string): FeatureGroup => ({ name, start: 0, width: 1, encoding: 'numeric' });
const facts = (median: number, iqr: number, min?: number, max?: number): TrainingFacts => ({
  scaler: { center: Float64Array.of(median), scale: Float64Array.of(iqr) },
  range: min === undefined ? null : { min: Float64Array.of(min), max: Float64Array.of(max!) },
});

describe('numbers in words', () => {
  it.each([
    [500000, 1024, 10, 'bytes 500000 is 488× the training median (1024)'],
    [2600, 1000, 10, 'bytes 2600 is 2.6× the training median (1000)'],
    [3, 1024, 10, 'bytes 3 is 1/341 of the training median (1024)'],
    [1100, 1024, 200, 'bytes 1100 is 0.38 IQR above the training median (1024)'],
    [1024, 1024, 200, 'bytes 1024 is at the training median (1024)'],
    [-40, 0, 8, 'bytes -40 is 5 IQR below the training median (0)'],
    [0.123456, 1, 1, 'bytes 0.1235 is 1/8.1 of the training median (1)'],
  ])('%d against median %d (IQR %d)', (value, median, iqr, text) => {
    expect(describeFeature(group('bytes'), value, value, null, facts(median, iqr)).text).toBe(text);
  });

  it('names the training range when the value lies past it', () => {
    const f = facts(100, 20, 40, 600);
    expect(describeFeature(group('ms'), 9000, 9000, { type: 'numeric' }, f).text).toBe(
      'ms 9000 is 90× the training median (100), above the training maximum (600)',
    );
    expect(describeFeature(group('ms'), 10, 10, null, f).text).toBe(
      'ms 10 is 1/10 of the training median (100), below the training minimum (40)',
    );
  });

  it('says when the value is missing', () => {
    expect(describeFeature(group('ms'), null, 0, { type: 'numeric' }, facts(100, 20)).text).toBe(
      'ms is missing (taken as 0)',
    );
  });

  it('formats whole numbers whole, others to 4 digits, ratios to one decimal below 10', () => {
    expect(numberText(1234567)).toBe('1234567');
    expect(numberText(2 / 3)).toBe('0.6667');
    expect(ratioText(9.96)).toBe('10');
    expect(ratioText(479.6)).toBe('480');
  });
});

describe('categories in words', () => {
  const rows = ['GET', 'GET', 'POST', 'constructor'];
  it.each(['label', 'onehot', 'frequency', 'hash'] as const)('%s names an unseen value as such', (type) => {
    const state = fitEncoder(type, rows);
    expect(valueSeenInTraining(state, 'POST')).toBe(true);
    expect(valueSeenInTraining(state, 'constructor')).toBe(true);
    expect(valueSeenInTraining(state, 'DELETE')).toBe(false);
    expect(valueSeenInTraining(state, '__proto__')).toBe(false);
    const g: FeatureGroup = { name: 'method', start: 0, width: 1, encoding: type };
    expect(describeFeature(g, 'DELETE', 0, state, facts(1, 1))).toEqual({
      text: "method 'DELETE' never seen in training",
      seen: false,
    });
    expect(describeFeature(g, null, 0, state, facts(1, 1))).toEqual({
      text: 'method is missing',
      seen: null,
    });
  });

  it('gives the share of training rows for frequency encoding, and quotes long values cut', () => {
    const state = fitEncoder('frequency', rows);
    const g: FeatureGroup = { name: 'method', start: 0, width: 1, encoding: 'frequency' };
    expect(describeFeature(g, 'GET', 0.5, state, facts(0.5, 0.25)).text).toBe(
      "method 'GET' is in 50% of training rows",
    );
    const long = 'x'.repeat(60);
    expect(describeFeature(g, long, 0, state, facts(0.5, 0.25)).text).toBe(
      `method '${'x'.repeat(40)}…' never seen in training`,
    );
  });

  it('cannot tell for a hash encoder saved without its codes, nor for a one-hot value past 100 kept categories', () => {
    expect(valueSeenInTraining({ type: 'hash' }, 'GET')).toBeNull();
    const many = Array.from({ length: 150 }, (_, i) => `v${i}`);
    expect(valueSeenInTraining(fitEncoder('onehot', many), 'v99')).toBeNull();
    expect(valueSeenInTraining(fitEncoder('binary', ['true']), 'true')).toBeNull();
  });
});
