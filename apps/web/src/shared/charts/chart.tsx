'use client';

import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { loadECharts } from './load-echarts';

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
    chart.current?.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis', 'visualMap'] });
  }, [option]);

  return (
    <div className="chart" style={{ height }} role="img" aria-label={label}>
      <div ref={element} className="chart-canvas" />
      {!ready && !failed && <div className="chart-placeholder">Loading chart…</div>}
      {failed && <div className="chart-placeholder">Chart failed to load: {failed}</div>}
    </div>
  );
}
