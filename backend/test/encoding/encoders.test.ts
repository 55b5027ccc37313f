import { encodeValue, fitEncoder, hashText } from '../../src/encoding/encoders';
import { encodeRows, fitFeatureEncoder, type Schema } from '../../src/encoding/featureEncoder';
import { golden } from '../helpers/golden';

const encodeOne = (state: ReturnType<typeof fitEncoder>, value: unknown): number[] => {
  const out = new Float64Array(state.type === 'onehot' ? state.categories.length : 1);
  encodeValue(state, value, out, 0);
  return Array.from(out);
};

describe('hash encoder', () => {
  it.each(Object.entries(golden.hash_encoder.values))('hashes %j to %d', (text, expected) => {
    expect(hashText(text)).toBe(expected);
  });

  it('hashes booleans and integers by their Python text, null to 0', () => {
    const state = fitEncoder('hash', []);
    expect(encodeOne(state, true)).toEqual([golden.hash_encoder.values.True]);
    expect(encodeOne(state, 1)).toEqual([golden.hash_encoder.values['1']]);
    expect(encodeOne(state, null)).toEqual([0]);
  });
});

describe('the API-log example', () => {
  const ex = golden.api_log_example;
  const state = fitFeatureEncoder(ex.schema as Schema, ex.train_rows);

  it('orders features by code point and numbers labels from 1', () => {
    expect(state.feature_order).toEqual(ex.feature_order);
    expect(state.encoders.method).toEqual({ type: 'label', categories: ex.label_map_method });
  });

  it.each(ex.encoded.map((e, i) => [i, e] as const))('encodes row %d to the golden vector', (_i, example) => {
    const x = encodeRows(state, [example.row]);
    expect(Array.from(x.data)).toEqual(example.vector);
  });

  it('survives a JSON round trip of its state (the sidecar file)', () => {
    const restored = JSON.parse(JSON.stringify(state)) as typeof state;
    const rows = ex.encoded.map((e) => e.row);
    expect(Array.from(encodeRows(restored, rows).data)).toEqual(Array.from(encodeRows(state, rows).data));
  });
});

describe('frequency encoder', () => {
  const ex = golden.frequency_example;
  const state = fitEncoder('frequency', ex.train_values);

  it('learns shares among non-null values and half the smallest share as default', () => {
    expect(state).toEqual({
      type: 'frequency',
      frequencies: ex.frequency_map,
      default_value: ex.default_value,
    });
    expect(encodeOne(state, 'a')).toEqual([0.5]);
    expect(encodeOne(state, 'zzz')).toEqual([ex.default_value]);
    expect(encodeOne(state, null)).toEqual([ex.default_value]);
  });
});

describe('numeric, binary, label and onehot encoders', () => {
  it('parses numeric strings as Python float() does, else 0', () => {
    const s = fitEncoder('numeric', []);
    expect([' 2.5 ', '1e3', true, 'abc', null, 7].map((v) => encodeOne(s, v)[0])).toEqual([
      2.5, 1000, 1, 0, 0, 7,
    ]);
  });

  it('reads truthy words case-insensitively', () => {
    const s = fitEncoder('binary', []);
    const values = [true, 1, 'YES', 'on', 't', 'Y', 'true', false, 0, 'no', null, 'maybe'];
    expect(values.map((v) => encodeOne(s, v)[0])).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('gives unseen labels 0, even names that exist on Object.prototype', () => {
    const s = fitEncoder('label', ['b', 'a', '__proto__']);
    expect(['__proto__', 'a', 'b', 'constructor', null].map((v) => encodeOne(s, v)[0])).toEqual([
      1, 2, 3, 0, 0,
    ]);
  });

  it('one-hot encodes sorted categories, unseen as all zeros, at most 100 columns', () => {
    const s = fitEncoder('onehot', ['x', 'y', 'x', 'w']);
    expect(s).toEqual({ type: 'onehot', categories: ['w', 'x', 'y'] });
    expect(encodeOne(s, 'x')).toEqual([0, 1, 0]);
    expect(encodeOne(s, 'q')).toEqual([0, 0, 0]);
    const many = fitEncoder(
      'onehot',
      Array.from({ length: 150 }, (_, i) => `c${i}`),
    );
    expect(many.type === 'onehot' && many.categories.length).toBe(100);
  });
});
