/**
 * What a PromQL expression reads: metric names and label names. Enough of PromQL's grammar for the
 * expressions we ship (selectors, matchers, by/on/group_left lists, functions, ranges); promtool
 * checks their full syntax separately.
 */
export interface PromqlUse {
  readonly metrics: string[];
  readonly labels: string[];
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
]);

export function promqlUse(expr: string): PromqlUse {
  const labels: string[] = [];
  let rest = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  rest = rest.replace(/\{([^}]*)\}/g, (_m, matchers: string) => {
    for (const m of matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) labels.push(m[1]);
    return ' ';
  });
  rest = rest.replace(
    /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
    (_m, _k, list: string) => {
      labels.push(
        ...list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      return ' ';
    },
  );
  rest = rest.replace(/\[[^\]]*\]/g, ' ').replace(/\$\w+/g, ' ');
  const metrics = [...rest.matchAll(/([a-zA-Z_:][\w:]*)\s*(\()?/g)]
    .filter((m) => !m[2] && !KEYWORDS.has(m[1]) && !/^\d/.test(m[1]))
    .map((m) => m[1]);
  return { metrics: [...new Set(metrics)], labels: [...new Set(labels)] };
}

/** Label names an alert annotation's Go template reads (`$labels.x`). */
export function annotationLabels(text: string): string[] {
  return [...new Set([...text.matchAll(/\$labels\.([a-zA-Z_]\w*)/g)].map((m) => m[1]))];
}

/** Label names a Grafana legend reads (`{{x}}`). */
export function legendLabels(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([a-zA-Z_]\w*)\s*\}\}/g)].map((m) => m[1]))];
}

/** `label_values(metric{…}, label)` of a dashboard variable. */
export function labelValuesQuery(query: string): { expr: string; label: string } | undefined {
  const m = /^label_values\((.*),\s*([a-zA-Z_]\w*)\)$/.exec(query.trim());
  return m ? { expr: m[1], label: m[2] } : undefined;
}
