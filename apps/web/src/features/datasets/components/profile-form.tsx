'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Dataset } from '../../../shared/graphql/api-types';
import { errorMessage } from '../../../shared/ui/states';
import { ProjectSelect } from '../../auth/components/project-select';
import { useViewer } from '../../auth/hooks/use-viewer';
import { hasProjectChoice } from '../../auth/project-choice';
import { CREATE_PROFILE_MUTATION } from '../graphql/profile-queries';
import {
  CORRUPTIONS,
  EMPTY_PROFILE_FORM,
  corruptionsFor,
  profileSpec,
  type ProfileFormValues,
} from '../profile-form-spec';

export function ProfileForm({ datasets, onCreated }: { datasets: Dataset[]; onCreated(): void }) {
  const [values, setValues] = useState<ProfileFormValues>(EMPTY_PROFILE_FORM);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [state, create] = useMutation(CREATE_PROFILE_MUTATION);
  // A token that sees several projects says which one the profile belongs to (runs on it must be in it too).
  const { projects } = useViewer();
  const [chosenProject, setChosenProject] = useState('');
  const projectId = hasProjectChoice(projects) ? chosenProject || projects[0].id : undefined;
  const datasetId = values.datasetId || datasets[0]?.id || '';
  const modality = datasets.find((d) => d.id === datasetId)?.modality;
  const corruption = CORRUPTIONS[values.corruptionKind];
  const set = (field: keyof ProfileFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const result = await create({
      input: { datasetId, name: values.name.trim(), spec: profileSpec(values), projectId },
    });
    if (result.error) return setMessage({ ok: false, text: errorMessage(result.error) });
    setMessage({ ok: true, text: `Created “${values.name.trim()}”.` });
    setValues({ ...EMPTY_PROFILE_FORM, datasetId });
    onCreated();
  };

  return (
    <form className="form" onSubmit={submit} data-testid="profile-form">
      {projectId !== undefined && (
        <label>
          Project
          <ProjectSelect projects={projects} value={projectId} onChange={setChosenProject} />
        </label>
      )}
      <label>
        Dataset
        <select
          value={datasetId}
          onChange={(e) => setValues((v) => ({ ...v, datasetId: e.target.value, corruptionKind: '' }))}
        >
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input value={values.name} onChange={set('name')} placeholder="e.g. 40% symmetric noise" required />
      </label>
      <div className="form-row">
        <label>
          Label noise rate
          <input
            type="number"
            step="0.05"
            min="0"
            max="1"
            value={values.labelNoiseRate}
            onChange={set('labelNoiseRate')}
            placeholder="0 – 1"
          />
        </label>
        <label>
          Noise kind
          <select value={values.labelNoiseKind} onChange={set('labelNoiseKind')}>
            <option value="symmetric">symmetric</option>
            <option value="asymmetric">asymmetric (class flips)</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Input corruption
          <select value={values.corruptionKind} onChange={set('corruptionKind')}>
            <option value="">none</option>
            {corruptionsFor(modality).map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
        {corruption && (
          <label>
            {corruption.label}
            <input
              type="number"
              step="any"
              value={values.corruptionValue}
              onChange={set('corruptionValue')}
              placeholder={corruption.placeholder}
            />
          </label>
        )}
      </div>
      <div className="form-row">
        <label>
          Sample size
          <input
            type="number"
            min="1"
            value={values.sampleSize}
            onChange={set('sampleSize')}
            placeholder="all"
          />
        </label>
        <label>
          Imbalance
          <input
            type="number"
            step="any"
            min="1"
            value={values.imbalance}
            onChange={set('imbalance')}
            placeholder="1 (balanced)"
          />
        </label>
        <label>
          Seed
          <input type="number" value={values.seed} onChange={set('seed')} />
        </label>
      </div>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={state.fetching || !datasetId}>
        {state.fetching ? 'Creating…' : 'Create profile'}
      </button>
    </form>
  );
}
