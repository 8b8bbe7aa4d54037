/** Colours and axis styling shared by every chart (matching globals.css). */
export const PALETTE = [
  '#4f6bed',
  '#e8590c',
  '#0ca678',
  '#ae3ec9',
  '#f59f00',
  '#1098ad',
  '#e03131',
  '#5c940d',
  '#845ef7',
  '#d6336c',
];

export const colorAt = (index: number) => PALETTE[index % PALETTE.length];

const AXIS_LINE = { lineStyle: { color: '#d0d5dd' } };
const SPLIT_LINE = { lineStyle: { color: '#eef0f3' } };
const LABEL = { color: '#667085', fontSize: 11 };

/** Axes, grid, legend and tooltip of a line or scatter chart; the card's title names what is drawn. */
export function baseOption(
  options: { yMin?: number; yMax?: number; xName?: string; xFromData?: boolean } = {},
) {
  return {
    animationDuration: 250,
    animationDurationUpdate: 150,
    color: PALETTE,
    grid: { left: 44, right: 18, top: 34, bottom: 40, containLabel: false },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => formatTooltip(v) },
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      textStyle: { color: '#475467', fontSize: 11 },
      itemWidth: 14,
    },
    xAxis: {
      type: 'value',
      name: options.xName ?? 'epoch',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: LABEL,
      minInterval: 1,
      // Epochs start at 1: the axis spans the data, not 0.
      min: options.xFromData === false ? undefined : 'dataMin',
      max: options.xFromData === false ? undefined : 'dataMax',
      axisLine: AXIS_LINE,
      axisLabel: LABEL,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: options.yMin,
      max: options.yMax,
      scale: options.yMin === undefined,
      axisLine: { show: false },
      axisLabel: LABEL,
      splitLine: SPLIT_LINE,
    },
  };
}

function formatTooltip(value: unknown): string {
  return typeof value === 'number'
    ? Math.abs(value) >= 100
      ? value.toFixed(0)
      : value.toFixed(4)
    : String(value);
}
