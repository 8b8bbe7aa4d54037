/**
 * What the bench runs inside the page. `installChartProbe` goes in as an init script: it defines
 * `window.__driftboardChartRendered`, the measurement hook every `<Chart>` calls after drawing an
 * option (apps/web/src/shared/charts/chart.tsx), and records each draw: the chart's label, when it
 * was drawn, when the next animation frame began (the canvas is on screen by then), and what the
 * option holds (series, points, last epoch on the x axis). Times are `performance.now()` of the
 * page, i.e. milliseconds since its navigation started.
 */
export function installChartProbe() {
  const draws = [];
  const waiters = new Set();
  const lastEpoch = (option) => {
    let last = -Infinity;
    const xAxis = Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis;
    if (xAxis && xAxis.type === 'category' && Array.isArray(xAxis.data) && xAxis.data.length) {
      // A heatmap column: "105" or, for averaged epochs, "101–110".
      const match = /(\d+)\s*$/.exec(String(xAxis.data[xAxis.data.length - 1]));
      return match ? Number(match[1]) : last;
    }
    for (const series of option.series ?? [])
      if (series.type === 'line')
        for (const point of series.data ?? []) if (Array.isArray(point) && point[0] > last) last = point[0];
    return last;
  };
  const settle = () => {
    for (const waiter of [...waiters]) {
      const value = waiter.check(draws);
      if (value !== undefined) {
        waiters.delete(waiter);
        waiter.resolve(value);
      }
    }
  };
  window.__driftboardChartRendered = (element, option) => {
    const series = option.series ?? [];
    const draw = {
      label: element.closest('[role=img]')?.getAttribute('aria-label') ?? '',
      drawn: performance.now(),
      frame: undefined,
      lastEpoch: lastEpoch(option),
      series: series.length,
      emptySeries: series.filter((s) => !s.data || s.data.length === 0).length,
      points: series.reduce((n, s) => n + (s.data?.length ?? 0), 0),
    };
    draws.push(draw);
    requestAnimationFrame(() => {
      draw.frame = performance.now();
      settle();
    });
  };
  window.__chartProbe = {
    draws,
    /** Resolves with `check(draws)` once that is not undefined, re-checked after every drawn frame. */
    until(check) {
      return new Promise((resolve) => {
        const waiter = { check, resolve };
        waiters.add(waiter);
        settle();
      });
    },
  };
}

/**
 * In the page: once each of `labels` has drawn an option reaching `epoch` and its frame has begun,
 * when the first and the last of them drew it and when the last one's frame began (page clock).
 */
export function epochShown({ epoch, labels }) {
  return window.__chartProbe.until((draws) => {
    const first = labels.map((label) => draws.find((d) => d.label === label && d.lastEpoch >= epoch));
    if (first.some((d) => !d || d.frame === undefined)) return undefined;
    return {
      firstDrawn: Math.min(...first.map((d) => d.drawn)),
      allDrawn: Math.max(...first.map((d) => d.drawn)),
      allFramed: Math.max(...first.map((d) => d.frame)),
    };
  });
}

/** In the page: when the compare page's curves (one line per run, all with points) and trade-off chart were drawn. */
export function compareShown({ runs }) {
  return window.__chartProbe.until((draws) => {
    const curves = draws.find(
      (d) => d.label.endsWith('of each run per epoch') && d.series === runs && d.emptySeries === 0,
    );
    const tradeoff = draws.find(
      (d) => d.label.startsWith('Final accuracy against mean CKA') && d.points > runs,
    );
    if (!curves || !tradeoff || curves.frame === undefined || tradeoff.frame === undefined) return undefined;
    const navigation = performance.getEntriesByType('navigation')[0];
    return {
      ttfb: navigation?.responseStart ?? NaN,
      domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN,
      drawn: Math.max(curves.drawn, tradeoff.drawn),
      framed: Math.max(curves.frame, tradeoff.frame),
      points: curves.points,
    };
  });
}

/** In the page: the labels of the charts drawn so far. */
export function drawnLabels() {
  return [...new Set(window.__chartProbe.draws.map((d) => d.label))];
}
