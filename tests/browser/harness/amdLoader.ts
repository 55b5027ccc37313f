/**
 * Loads an AMD module the way Grafana's loader does: a script calls `define(deps, factory)`, and
 * each dependency is one of the modules the host shares; anything else is an error.
 */
export function loadAmdModule(
  url: string,
  shared: Record<string, unknown>,
): Promise<{ exports: unknown; deps: string[] }> {
  return new Promise((resolve, reject) => {
    let defined: { deps: string[]; factory: (...args: unknown[]) => unknown } | undefined;
    const define = (deps: string[], factory: (...args: unknown[]) => unknown) => {
      defined = { deps, factory };
    };
    define.amd = {};
    Object.assign(window, { define });
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    script.onload = () => {
      delete (window as unknown as { define?: unknown }).define;
      if (!defined) return reject(new Error(`${url} did not call define()`));
      const missing = defined.deps.filter((d) => !(d in shared));
      if (missing.length > 0)
        return reject(new Error(`${url} needs modules Grafana does not share: ${missing.join(', ')}`));
      resolve({ exports: defined.factory(...defined.deps.map((d) => shared[d])), deps: defined.deps });
    };
    document.head.appendChild(script);
  });
}
