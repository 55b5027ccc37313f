/** Reads Prometheus text exposition back into samples, to assert on what `/metrics` printed. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedExposition {
  readonly samples: readonly Sample[];
  /** `# TYPE` per metric family. */
  readonly types: ReadonlyMap<string, string>;
}

const UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\"': '"', '\\n': '\n' };

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index !== consumed) throw new Error(`malformed labels: ${text}`);
    labels[m[1]] = m[2].replace(/\\[\\"n]/g, (e) => UNESCAPE[e]);
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`malformed labels: ${text}`);
  return labels;
}

const VALUE: Record<string, number> = { '+Inf': Infinity, '-Inf': -Infinity, NaN: NaN, Nan: NaN };

export function parseExposition(text: string): ParsedExposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const value = m[3] in VALUE ? VALUE[m[3]] : Number(m[3]);
    if (Number.isNaN(value) && !(m[3] in VALUE)) throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1], labels: parseLabels(m[2] ?? ''), value });
  }
  return { samples, types };
}

/** Samples of one metric whose labels include `match`. */
export function find(parsed: ParsedExposition, name: string, match: Record<string, string> = {}): Sample[] {
  return parsed.samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}
