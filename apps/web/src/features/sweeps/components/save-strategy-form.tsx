'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { SourceModel, Strategy } from '../../../shared/graphql/api-types';
import { Field } from '../../../shared/ui/field';
import { errorMessage } from '../../../shared/ui/states';
import { BlockPicker } from '../../new-run/components/block-picker';
import {
  DEFAULT_RUN_FORM,
  LOSSES,
  STRATEGY_HINTS,
  STRATEGY_KINDS,
  strategyOf,
  type RunFormValues,
} from '../../new-run/run-form';
import { CREATE_STRATEGY_MUTATION, type CreateStrategyData } from '../graphql/new-sweep-queries';

type StrategyValues = Pick<RunFormValues, 'kind' | 'k' | 'blocks' | 'learningRate' | 'loss' | 'epochs'>;
type StrategyField = 'kind' | 'k' | 'blocks' | 'learningRate' | 'loss' | 'epochs';

/** Which field a createStrategy message is about: `name`, or a strategy field it names. */
function fieldOf(message: string): 'name' | StrategyField | null {
  if (/\bname\b/.test(message)) return 'name';
  for (const field of ['learningRate', 'epochs', 'blocks', 'loss', 'kind'] as const)
    if (new RegExp(`\\b${field}\\b`).test(message)) return field;
  return /"k"|\bk\b/.test(message) ? 'k' : null;
}

/** A small form saving a strategy (kind and its main fields) through createStrategy. */
export function SaveStrategyForm({
  model,
  onSaved,
}: {
  model: SourceModel | undefined;
  onSaved(strategy: Strategy): void;
}) {
  const [name, setName] = useState('');
  const [values, setValues] = useState<StrategyValues>(() => ({ ...DEFAULT_RUN_FORM }));
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [state, createStrategy] = useMutation<CreateStrategyData>(CREATE_STRATEGY_MUTATION);
  const errorField = serverError ? fieldOf(serverError) : null;
  const update = (change: Partial<StrategyValues>) => {
    setValues((v) => ({ ...v, ...change }));
    setServerError(null);
    setSaved(null);
  };
  const text = (field: keyof StrategyValues) => (e: { target: { value: string } }) =>
    update({ [field]: e.target.value });
  const fieldError = (field: string) =>
    errorField === field ? (
      <span className="field-error" role="alert">
        {serverError}
      </span>
    ) : null;

  const spec = strategyOf({ ...DEFAULT_RUN_FORM, ...values });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setServerError(null);
    const result = await createStrategy({ input: { name: name.trim(), spec } });
    if (result.error) setServerError(errorMessage(result.error));
    else if (result.data) {
      setSaved(result.data.createStrategy.name);
      setName('');
      onSaved(result.data.createStrategy);
    }
  };

  return (
    <form className="form" onSubmit={save} data-testid="save-strategy-form" noValidate>
      <Field label="Strategy name" error={fieldError('name')}>
        <input
          name="strategyName"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setServerError(null);
            setSaved(null);
          }}
          placeholder="last-k 1, lr 1e-3"
        />
      </Field>
      <div className="kind-picker" role="radiogroup" aria-label="Strategy kind">
        {STRATEGY_KINDS.filter((kind) => kind !== 'auto').map((kind) => (
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
      {fieldError('kind')}
      {values.kind === 'last-k' && (
        <Field label="k (blocks below the head)" error={fieldError('k')}>
          <input name="k" type="number" min="0" value={values.k} onChange={text('k')} />
        </Field>
      )}
      {model && values.kind === 'surgical' && (
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
      {serverError && !errorField && (
        <p className="form-error" role="alert">
          {serverError}
        </p>
      )}
      {saved && <p className="form-ok">Saved “{saved}” and added it to the sweep.</p>}
      <button type="submit" className="button button-small" disabled={state.fetching}>
        {state.fetching ? 'Saving…' : 'Save strategy'}
      </button>
    </form>
  );
}
