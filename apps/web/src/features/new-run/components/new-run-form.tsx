'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Card } from '../../../shared/ui/card';
import { Field } from '../../../shared/ui/field';
import { errorMessage } from '../../../shared/ui/states';
import type { Project } from '../../../shared/graphql/api-types';
import { ProjectField } from '../../auth/components/project-select';
import type { Catalog } from '../../catalog/hooks/use-catalog';
import { START_RUN_MUTATION, type StartRunData } from '../graphql/new-run-queries';
import {
  DEFAULT_RUN_FORM,
  LOSSES,
  STRATEGY_HINTS,
  STRATEGY_KINDS,
  applyRecommendation,
  fieldOfError,
  startRunInput,
  strategyOf,
  type RunFormValues,
} from '../run-form';
import { BlockPicker } from './block-picker';
import { Recommendation } from './recommendation';

interface Props {
  catalog: Catalog;
  /** The viewer's projects: a select shows when there are several. */
  projects: readonly Project[];
  /** '' while there is nothing to choose. */
  initialProjectId: string;
  onProjectChange(projectId: string): void;
  initial?: RunFormValues;
  onStarted(runId: string): void;
}

function defaults(catalog: Catalog): RunFormValues {
  const model = catalog.sourceModels.find((m) => m.status === 'READY');
  return {
    ...DEFAULT_RUN_FORM,
    sourceModelId: model?.id ?? '',
    datasetId: model?.datasetId ?? catalog.datasets[0]?.id ?? '',
  };
}

export function NewRunForm({
  catalog,
  projects,
  initialProjectId,
  onProjectChange,
  initial,
  onStarted,
}: Props) {
  const [values, setValues] = useState<RunFormValues>(() => ({
    ...(initial ?? defaults(catalog)),
    projectId: initialProjectId,
  }));
  const [serverError, setServerError] = useState<string | null>(null);
  const [state, startRun] = useMutation<StartRunData>(START_RUN_MUTATION);
  const model = catalog.sourceModel(values.sourceModelId);
  const profiles = catalog.qualityProfiles.filter((p) => p.datasetId === values.datasetId);
  const errorField = serverError ? fieldOfError(serverError) : null;
  const update = (change: Partial<RunFormValues>) => {
    setValues((v) => ({ ...v, ...change }));
    setServerError(null);
  };
  const text = (field: keyof RunFormValues) => (e: { target: { value: string } }) =>
    update({ [field]: e.target.value });
  const fieldError = (field: keyof RunFormValues) =>
    errorField === field ? (
      <span className="field-error" role="alert">
        {serverError}
      </span>
    ) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setServerError(null);
    const result = await startRun({ input: startRunInput(values) });
    if (result.error) setServerError(errorMessage(result.error));
    else if (result.data) onStarted(result.data.startRun.id);
  };

  if (catalog.sourceModels.length === 0)
    return (
      <div className="state state-empty">
        No source model yet. Pretrain one through the API (<code>pretrainSourceModel</code>) or import a
        TensorFlow.js model.
      </div>
    );

  return (
    <form className="new-run" onSubmit={submit} data-testid="new-run-form" noValidate>
      <div className="new-run-main">
        <Card title="Model and data">
          <div className="form">
            <ProjectField
              projects={projects}
              value={values.projectId}
              error={fieldError('projectId')}
              onChange={(projectId) => {
                update({ projectId });
                onProjectChange(projectId);
              }}
            />
            <Field label="Source model" error={fieldError('sourceModelId')}>
              <select name="sourceModelId" value={values.sourceModelId} onChange={text('sourceModelId')}>
                {catalog.sourceModels.map((m) => (
                  <option key={m.id} value={m.id} disabled={m.status !== 'READY'}>
                    {m.name} ({m.architecture}){m.status !== 'READY' ? ` — ${m.status.toLowerCase()}` : ''}
                  </option>
                ))}
              </select>
            </Field>
            <div className="form-row">
              <Field label="Dataset" error={fieldError('datasetId')}>
                <select
                  name="datasetId"
                  value={values.datasetId}
                  onChange={(e) => update({ datasetId: e.target.value, qualityProfileId: '' })}
                >
                  {catalog.datasets.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Quality profile" error={fieldError('qualityProfileId')}>
                <select
                  name="qualityProfileId"
                  value={values.qualityProfileId}
                  onChange={text('qualityProfileId')}
                >
                  <option value="">clean (no degradation)</option>
                  {profiles.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <div className="form-row">
              <Field label="Example limit" error={fieldError('limit')} hint="blank: all">
                <input
                  name="limit"
                  type="number"
                  min="1"
                  value={values.limit}
                  onChange={text('limit')}
                  placeholder="all"
                />
              </Field>
              <Field label="Seed" error={fieldError('seed')}>
                <input name="seed" type="number" value={values.seed} onChange={text('seed')} />
              </Field>
              <Field label="Tags" error={fieldError('tags')} hint="comma-separated">
                <input
                  name="tags"
                  value={values.tags}
                  onChange={text('tags')}
                  placeholder="baseline, noisy"
                />
              </Field>
            </div>
          </div>
        </Card>
        <Card title="Strategy">
          <div className="form">
            <div className="kind-picker" role="radiogroup" aria-label="Strategy kind">
              {STRATEGY_KINDS.map((kind) => (
                <label key={kind} className={`kind ${values.kind === kind ? 'kind-on' : ''}`}>
                  <input
                    type="radio"
                    name="kind"
                    value={kind}
                    checked={values.kind === kind}
                    onChange={() => update({ kind })}
                  />
                  {kind}
                </label>
              ))}
            </div>
            <p className="muted small">{STRATEGY_HINTS[values.kind]}</p>
            {values.kind === 'last-k' && (
              <Field label="k (blocks below the head)" error={fieldError('k')}>
                <input name="k" type="number" min="0" value={values.k} onChange={text('k')} />
              </Field>
            )}
            {model && (
              <BlockPicker
                blocks={model.blocks}
                kind={values.kind}
                k={Number(values.k) || 0}
                chosen={values.blocks}
                onChange={(blocks) => update({ blocks })}
              />
            )}
            {fieldError('blocks')}
            <div className="form-row">
              <Field label="Learning rate" error={fieldError('learningRate')}>
                <input
                  name="learningRate"
                  type="number"
                  step="any"
                  value={values.learningRate}
                  onChange={text('learningRate')}
                />
              </Field>
              <Field label="Loss" error={fieldError('loss')}>
                <select name="loss" value={values.loss} onChange={text('loss')}>
                  {LOSSES.map((loss) => (
                    <option key={loss} value={loss}>
                      {loss}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Epochs" error={fieldError('epochs')}>
                <input name="epochs" type="number" min="1" value={values.epochs} onChange={text('epochs')} />
              </Field>
            </div>
          </div>
        </Card>
      </div>
      <aside className="new-run-side">
        <Card title="Recommended for this profile">
          <Recommendation
            profileId={values.qualityProfileId}
            onUse={(spec) => setValues((v) => applyRecommendation(v, spec))}
          />
        </Card>
        <Card title="Strategy sent">
          <pre className="code">{JSON.stringify(strategyOf(values), null, 2)}</pre>
        </Card>
        {serverError && !errorField && (
          <div className="state state-error" role="alert" data-testid="start-error">
            {serverError}
          </div>
        )}
        {serverError && errorField && (
          <p className="form-error" data-testid="start-error">
            Fix the highlighted field.
          </p>
        )}
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={state.fetching || !values.sourceModelId}
        >
          {state.fetching ? 'Starting…' : 'Start run'}
        </button>
      </aside>
    </form>
  );
}
