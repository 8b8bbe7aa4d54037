/**
 * ECharts is ~1 MB: it is imported on first use (its own chunk), with only the
 * chart kinds and components the dashboard draws.
 */
export type EChartsModule = typeof import('echarts/core');

let loading: Promise<EChartsModule> | undefined;

export function loadECharts(): Promise<EChartsModule> {
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]).then(([core, charts, components, renderers]) => {
    core.use([
      charts.LineChart,
      charts.ScatterChart,
      charts.HeatmapChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.VisualMapComponent,
      components.DataZoomComponent,
      renderers.CanvasRenderer,
    ]);
    return core;
  });
  return loading;
}
