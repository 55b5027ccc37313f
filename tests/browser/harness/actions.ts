import type { Action, DataFrame } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

/** The signed-in user the harness plays (Grafana's `${__user.login}`). */
export const HARNESS_USER = 'harness-editor';

/**
 * Runs a table action as Grafana 12.4 does for a `fetch` action (public/app/features/actions/utils.ts):
 * `${__data.fields.<name>}` and `${__user.login}` interpolated for the clicked row, the request sent
 * by BackendSrv (same origin, the user's session) with the `X-Grafana-Action: 1` header.
 */
export async function runRowAction(
  action: Action,
  frame: DataFrame,
  row: number,
): Promise<{ status: number; body: unknown }> {
  const fetch = action.fetch!;
  const replace = (text: string) =>
    text
      .replace(/\$\{__data\.fields\.([^}:]+)\}/g, (_m, name: string) =>
        String(frame.fields.find((f) => f.name === name)?.values[row] ?? ''),
      )
      .replace(/\$\{__user\.login\}/g, HARNESS_USER);
  const headers: Record<string, string> = Object.fromEntries(
    (fetch.headers ?? []).map(([name, value]) => [name, replace(value)]),
  );
  headers['X-Grafana-Action'] = '1';
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch({
        url: replace(fetch.url),
        method: fetch.method,
        data: fetch.body ? JSON.parse(replace(fetch.body)) : undefined,
        headers,
      }),
    );
    return { status: response.status, body: response.data };
  } catch (error) {
    const failed = error as { status?: number; data?: unknown };
    return { status: failed.status ?? 0, body: failed.data };
  }
}
