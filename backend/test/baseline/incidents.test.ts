import type { Anomaly } from '../../src/contract/monitors';
import { replayAll, seriesByKey } from '../helpers/baselineHarness';
import { DAY, HOUR, T0, generateTraffic } from '../helpers/baselineTraffic';
import { INCIDENTS, SCENARIO_DAYS, SCENARIO_SEED, scenarioProfiles } from './scenario';

/** 3 weeks of 2 orgs × 3 features with six injected incidents, every monitor type on every group. */
describe('injected incidents', () => {
  const to = T0 + SCENARIO_DAYS * DAY;
  const series = seriesByKey(generateTraffic(SCENARIO_SEED, scenarioProfiles(), T0, to, INCIDENTS), T0, to);
  let found: Anomaly[] = [];
  beforeAll(() => {
    found = replayAll(series, [...series.keys()], T0, to);
    console.log(
      found
        .map(
          (a) =>
            `${a.type} ${a.org}/${a.feature ?? '*'} ${a.detected_at}–${a.last_seen} ${a.status} sev ${a.severity} | ${a.summary}`,
        )
        .join('\n'),
    );
  }, 300_000);
  const featureLevel = (): Anomaly[] => found.filter((a) => a.feature !== null);

  it.each(INCIDENTS.map((i) => [i.type, i.org, i.feature, i] as const))(
    'detects the %s in %s/%s exactly once, right direction',
    (type, org, feature, inc) => {
      const hits = featureLevel().filter((a) => a.type === type && a.org === org && a.feature === feature);
      expect(hits).toHaveLength(1);
      const a = hits[0];
      expect(a.direction).toBe(inc.direction);
      const detected = Date.parse(a.detected_at);
      expect(detected).toBeGreaterThanOrEqual(inc.from);
      // Spikes within their first hour; the creep while it ramps or holds.
      expect(detected).toBeLessThanOrEqual(inc.kind === 'creep' ? to : inc.from + HOUR);
    },
  );

  it('opens nothing else at feature level: every feature-level anomaly is an injected incident', () => {
    const unexpected = featureLevel().filter(
      (a) => !INCIDENTS.some((i) => i.type === a.type && i.org === a.org && i.feature === a.feature),
    );
    expect(unexpected.map((a) => a.summary)).toEqual([]);
  });

  it('opens nothing on the clean control features over the whole 3 weeks', () => {
    expect(found.filter((a) => a.feature === 'control')).toEqual([]);
  });

  it('a spike that continues for hours stays one anomaly, open until it ends', () => {
    const inc = INCIDENTS[0];
    const a = featureLevel().find(
      (x) => x.type === 'cost_spike' && x.org === inc.org && x.feature === inc.feature,
    )!;
    expect(Date.parse(a.last_seen)).toBeGreaterThanOrEqual(inc.to - 15 * 60_000);
    expect(a.duration_seconds).toBeGreaterThanOrEqual((inc.to - inc.from) / 1000 - 900);
    expect(a.status).toBe('resolved');
    expect(a.summary).toMatch(
      /^cost \d+(\.\d)?× above its 7-day baseline \(\$[\d.]+ → \$[\d.]+ per request\) in feature chat$/,
    );
  });

  it('the org-level cost anomaly names the right feature as top contributor; every org-level anomaly points at an injected feature', () => {
    const org = found.filter((a) => a.feature === null);
    const cost = org.find((a) => a.type === 'cost_spike' && a.org === 'acme');
    expect(cost).toBeDefined();
    expect(cost!.top_contributors[0].feature).toBe('chat');
    expect(cost!.top_contributors[0].share).toBeGreaterThan(0.8);
    expect(cost!.summary).toMatch(/in org acme$/);
    for (const a of org) {
      const injected = INCIDENTS.filter((i) => i.org === a.org && i.type === a.type).map((i) => i.feature);
      expect(injected).toContain(a.top_contributors[0]?.feature);
    }
  });

  it('the gradual drift is reported as a relative change over days', () => {
    const a = featureLevel().find((x) => x.type === 'gradual_drift')!;
    expect(a.summary).toMatch(/^cost per request \+\d+% over [\d.]+ days/);
  });
});
