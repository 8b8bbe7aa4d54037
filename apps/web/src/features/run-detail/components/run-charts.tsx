'use client';

import { useMemo } from 'react';
import type { CombinedError } from 'urql';
import { Chart } from '../../../shared/charts/chart';
import { Card } from '../../../shared/ui/card';
import { ErrorState } from '../../../shared/ui/states';
import {
  CKA_PREFIX,
  DRIFT_PREFIX,
  METRIC,
  blocksWith,
  ckaHeatmap,
  heatmapOption,
  lineChartOption,
  linesOf,
} from '../run-chart-data';
import type { EpochRow } from '../run-events-reducer';

interface Props {
  rows: EpochRow[];
  blockOrder: string[];
  loading: boolean;
  error?: CombinedError;
}

/** The run's six charts, recomputed (downsampled) whenever an epoch arrives. */
export function RunCharts({ rows, blockOrder, loading, error }: Props) {
  const charts = useMemo(() => {
    const ckaBlocks = blocksWith(rows, CKA_PREFIX, blockOrder);
    const driftBlocks = blocksWith(rows, DRIFT_PREFIX, blockOrder);
    return {
      loss: lineChartOption(
        linesOf(rows, [
          { key: METRIC.trainLoss, label: 'train' },
          { key: METRIC.valLoss, label: 'val' },
        ]),
      ),
      accuracy: lineChartOption(
        linesOf(rows, [
          { key: METRIC.trainAccuracy, label: 'train' },
          { key: METRIC.valAccuracy, label: 'val' },
          { key: METRIC.valAccuracyClean, label: 'val (clean labels)', dashed: true },
        ]),
        { yMin: 0, yMax: 1 },
      ),
      cka: lineChartOption(
        linesOf(rows, [
          ...ckaBlocks.map((b) => ({ key: CKA_PREFIX + b, label: b })),
          { key: METRIC.ckaMean, label: 'mean', dashed: true },
        ]),
        { yMax: 1 },
      ),
      heatmap: heatmapOption(ckaHeatmap(rows, ckaBlocks)),
      drift: lineChartOption(
        linesOf(
          rows,
          driftBlocks.map((b) => ({ key: DRIFT_PREFIX + b, label: b })),
        ),
      ),
      agreement: lineChartOption(
        linesOf(rows, [
          { key: METRIC.agreement, label: 'agreement' },
          { key: METRIC.ckaMean, label: 'mean CKA', dashed: true },
        ]),
        { yMin: 0, yMax: 1 },
      ),
      hasSimilarity: ckaBlocks.length > 0,
      heatmapHeight: Math.max(260, 40 + ckaBlocks.length * 28 + 60),
    };
  }, [rows, blockOrder]);

  if (error && rows.length === 0) return <ErrorState error={error} />;
  if (rows.length === 0)
    return (
      <div className="state state-empty charts-empty" data-testid="charts-waiting">
        {loading ? 'Loading metrics…' : 'Waiting for the first epoch… charts grow here as the run trains.'}
      </div>
    );
  return (
    <div className="chart-grid" data-testid="run-charts" data-epochs={rows.length}>
      <Card title="Loss">
        <Chart option={charts.loss} label="Train and validation loss per epoch" />
      </Card>
      <Card title="Accuracy">
        <Chart option={charts.accuracy} label="Train, validation and clean-label accuracy per epoch" />
      </Card>
      {charts.hasSimilarity && (
        <>
          <Card title="Linear CKA to the source model, per block">
            <Chart option={charts.cka} label="Linear CKA per block per epoch" />
          </Card>
          <Card title="CKA heatmap (block × epoch)">
            <Chart
              option={charts.heatmap}
              height={charts.heatmapHeight}
              label="CKA heatmap by block and epoch"
            />
          </Card>
          <Card
            title={
              <>
                Weight drift per block <span className="unit">‖w − w₀‖ / ‖w₀‖</span>
              </>
            }
          >
            <Chart option={charts.drift} label="Relative weight drift per block per epoch" />
          </Card>
          <Card title="Agreement with the source model">
            <Chart option={charts.agreement} label="Top-1 agreement and mean CKA per epoch" />
          </Card>
        </>
      )}
    </div>
  );
}
