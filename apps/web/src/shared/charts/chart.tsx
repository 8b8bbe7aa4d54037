'use client';

import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { loadECharts } from './load-echarts';

declare global {
  interface Window {
    /**
     * Measurement hook, unset in normal use: a page that defines it (apps/web/bench) is called after
     * every draw of every chart, with the chart's element and the option just drawn. ECharts paints
     * the canvas inside `setOption`, so the call marks when the chart shows that option.
     */
    __driftboardChartRendered?: (element: HTMLElement, option: EChartsCoreOption) => void;
  }
}

/**
 * One ECharts canvas. The library loads lazily; option updates (a new epoch)
 * replace the series in place, without re-creating the chart.
 */
export function Chart({
  option,
  height = 260,
  label,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadECharts()
      .then((echarts) => {
        if (disposed || !element.current) return;
        const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
        instance.setOption(latest.current);
        window.__driftboardChartRendered?.(element.current, latest.current);
        chart.current = instance;
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(element.current);
        setReady(true);
      })
      .catch((error: Error) => setFailed(error.message));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = option;
    if (!chart.current) return;
    chart.current.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis', 'visualMap'] });
    if (element.current) window.__driftboardChartRendered?.(element.current, option);
  }, [option]);

  return (
    <div className="chart" style={{ height }} role="img" aria-label={label}>
      <div ref={element} className="chart-canvas" />
      {!ready && !failed && <div className="chart-placeholder">Loading chart…</div>}
      {failed && <div className="chart-placeholder">Chart failed to load: {failed}</div>}
    </div>
  );
}
