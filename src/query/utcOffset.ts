/**
 * Minutes the dashboard's clock is ahead of UTC at `at`, for the hour-of-day and weekday features:
 * 'utc' → 0, an IANA zone → its offset then, anything else ('browser', '') → the browser's.
 */
export function utcOffsetMinutes(timezone: string | undefined, at: number): number {
  if (timezone === 'utc') return 0;
  if (timezone && timezone !== 'browser') {
    try {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'shortOffset' })
        .formatToParts(new Date(at))
        .find((p) => p.type === 'timeZoneName')?.value;
      const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? '');
      if (name === 'GMT') return 0;
      if (match) return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
    } catch {
      // unknown zone: fall back to the browser's
    }
  }
  return -new Date(at).getTimezoneOffset();
}
