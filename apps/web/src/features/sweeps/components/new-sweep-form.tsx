'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from 'urql';
import { Card } from '../../../shared/ui/card';
import { Field } from '../../../shared/ui/field';
import { errorMessage } from '../../../shared/ui/states';
import type { Project } from '../../../shared/graphql/api-types';
import { ProjectField } from '../../auth/components/project-select';
import type { Catalog } from '../../catalog/hooks/use-catalog';
import { START_SWEEP_MUTATION, type StartSweepData } from '../graphql/new-sweep-queries';
import {
  DEFAULT_SWEEP_FORM,
  MAX_SWEEP_RUNS,
  gridSize,
  parseSeeds,
  startSweepInput,
  sweepFieldOfError,
  toggle,
  validateSweepForm,
  type SweepFormValues,
} from '../sweep-form';
import { SaveStrategyForm } from './save-strategy-form';

interface Props {
  catalog: Catalog;
  /** The viewer's projects: a select shows when there are several. */
  projects: readonly Project[];
  /** '' while there is nothing to choose. */
  initialProjectId: string;
  onProjectChange(projectId: string): void;
  onStrategySaved(): void;
  onStarted(sweepId: string): void;
}

const FORM_ID = 'new-sweep-form';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const gridText = (strategies: number, profiles: number, seeds: number | undefined) =>
  [
    strategies === 1 ? '1 strategy' : `${strategies} strategies`,
    profiles ? plural(profiles, 'profile') : 'clean data',
    seeds === undefined ? '? seeds' : plural(seeds, 'seed'),
  ].join(' × ');

function defaults(catalog: Catalog): SweepFormValues {
  const model = catalog.sourceModels.find((m) => m.status === 'READY');
  return {
    ...DEFAULT_SWEEP_FORM,
    sourceModelId: model?.id ?? '',
    datasetId: model?.datasetId ?? catalog.datasets[0]?.id ?? '',
  };
}

/** New sweep: saved strategies × quality profiles × seeds, queued at once by startSweep. */
export function NewSweepForm({
  catalog,
  projects,
  initialProjectId,
  onProjectChange,
  onStrategySaved,
  onStarted,
}: Props) {
  const [values, setValues] = useState<SweepFormValues>(() => ({
    ...defaults(catalog),
    projectId: initialProjectId,
  }));
  const [serverError, setServerError] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [state, startSweep] = useMutation<StartSweepData>(START_SWEEP_MUTATION);
  const model = catalog.sourceModel(values.sourceModelId);
  const profiles = catalog.qualityProfiles.filter((p) => p.datasetId === values.datasetId);
  const seeds = parseSeeds(values.seeds);
  const size = gridSize(values.strategyIds.length, values.qualityProfileIds.length, seeds.seeds?.length ?? 0);
  const clientErrors = checked ? validateSweepForm(values) : {};
  const errorField = serverError ? sweepFieldOfError(serverError) : null;
  const update = (change: Partial<SweepFormValues>) => {
    setValues((v) => ({ ...v, ...change }));
    setServerError(null);
  };
  const text = (field: keyof SweepFormValues) => (e: { target: { value: string } }) =>
    update({ [field]: e.target.value });
  const fieldError = (field: keyof SweepFormValues): ReactNode => {
    const message = errorField === field ? serverError : clientErrors[field];
    return message ? (
      <span className="field-error" role="alert">
        {message}
      </span>
    ) : null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setServerError(null);
    setChecked(true);
    if (Object.keys(validateSweepForm(values)).length > 0) return;
    const result = await startSweep({ input: startSweepInput(values) });
    if (result.error) setServerError(errorMessage(result.error));
    else if (result.data) onStarted(result.data.startSweep.id);
  };

  if (catalog.sourceModels.length === 0)
    return (
      <div className="state state-empty">
        No source model yet. Pretrain one through the API (<code>pretrainSourceModel</code>) or import a
        TensorFlow.js model.
      </div>
    );

  const strategiesError = fieldError('strategyIds');
  const profilesError = fieldError('qualityProfileIds');
  return (
    <div className="new-run">
      <form id={FORM_ID} className="new-run-main" onSubmit={submit} data-testid="new-sweep-form" noValidate>
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
            <Field label="Sweep name" error={fieldError('name')}>
              <input name="name" value={values.name} onChange={text('name')} placeholder="probe vs full" />
            </Field>
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
                  onChange={(e) => update({ datasetId: e.target.value, qualityProfileIds: [] })}
                >
                  {catalog.datasets.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </Field>
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
              <Field label="Seeds" error={fieldError('seeds')} hint="e.g. 0,1,2">
                <input name="seeds" value={values.seeds} onChange={text('seeds')} placeholder="0,1,2" />
              </Field>
            </div>
          </div>
        </Card>
        <Card title="Strategies">
          <fieldset
            className={strategiesError ? 'check-list field-invalid' : 'check-list'}
            data-testid="sweep-strategies"
          >
            <legend className="muted small">Saved strategies (one run each per profile and seed)</legend>
            {catalog.strategies.length === 0 && (
              <p className="muted small">No saved strategy yet: save one with the form beside.</p>
            )}
            {catalog.strategies.map((s) => (
              <label key={s.id} className="check">
                <input
                  type="checkbox"
                  checked={values.strategyIds.includes(s.id)}
                  onChange={() => update({ strategyIds: toggle(values.strategyIds, s.id) })}
                />
                {s.name} <span className="tag">{s.kind}</span>
              </label>
            ))}
            {strategiesError}
          </fieldset>
        </Card>
        <Card title="Quality profiles">
          <fieldset
            className={profilesError ? 'check-list field-invalid' : 'check-list'}
            data-testid="sweep-profiles"
          >
            <legend className="muted small">None ticked: the clean dataset</legend>
            {profiles.length === 0 && <p className="muted small">No profile for this dataset.</p>}
            {profiles.map((p) => (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={values.qualityProfileIds.includes(p.id)}
                  onChange={() => update({ qualityProfileIds: toggle(values.qualityProfileIds, p.id) })}
                />
                {p.name}
              </label>
            ))}
            {profilesError}
          </fieldset>
        </Card>
      </form>
      <aside className="new-run-side">
        <Card title="Save a strategy">
          <SaveStrategyForm
            model={model}
            onSaved={(strategy) => {
              onStrategySaved();
              setValues((v) => ({ ...v, strategyIds: toggle(v.strategyIds, strategy.id) }));
            }}
          />
        </Card>
        <Card title="Grid">
          <p className="grid-size" data-testid="grid-size">
            {gridText(values.strategyIds.length, values.qualityProfileIds.length, seeds.seeds?.length)} ={' '}
            <strong>{plural(size, 'run')}</strong>
          </p>
          {size > MAX_SWEEP_RUNS && (
            <p className="form-error">A sweep starts at most {MAX_SWEEP_RUNS} runs.</p>
          )}
        </Card>
        {serverError && !errorField && (
          <div className="state state-error" role="alert" data-testid="sweep-error">
            {serverError}
          </div>
        )}
        {serverError && errorField && (
          <p className="form-error" data-testid="sweep-error">
            Fix the highlighted field.
          </p>
        )}
        <button
          type="submit"
          form={FORM_ID}
          className="button button-primary button-block"
          disabled={state.fetching || !values.sourceModelId}
        >
          {state.fetching ? 'Starting…' : size > 0 ? `Start sweep (${plural(size, 'run')})` : 'Start sweep'}
        </button>
      </aside>
    </div>
  );
}
