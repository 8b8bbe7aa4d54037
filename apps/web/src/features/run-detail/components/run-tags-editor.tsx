'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Run } from '../../../shared/graphql/api-types';
import { Field } from '../../../shared/ui/field';
import { errorMessage } from '../../../shared/ui/states';
import { TAG_RUN_MUTATION } from '../graphql/run-queries';
import { parseTags, tagsText } from '../run-tags';

/** The run's tags and notes, with an inline editor saving them through tagRun. */
export function RunTagsEditor({ run, onSaved }: { run: Run; onSaved(): void }) {
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(tagsText(run.tags));
  const [notes, setNotes] = useState(run.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const [state, tagRun] = useMutation(TAG_RUN_MUTATION);
  const tagsError = error && /\btags?\b/.test(error) ? error : null;
  const notesError = error && !tagsError && /\bnotes\b/.test(error) ? error : null;

  const edit = () => {
    setTags(tagsText(run.tags));
    setNotes(run.notes ?? '');
    setError(null);
    setEditing(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await tagRun({ id: run.id, tags: parseTags(tags), notes });
    if (result.error) setError(errorMessage(result.error));
    else {
      setEditing(false);
      onSaved();
    }
  };

  if (!editing)
    return (
      <div className="run-tags" data-testid="run-tags">
        {run.tags.length > 0 ? (
          run.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))
        ) : (
          <span className="muted small">No tags</span>
        )}
        {run.notes && <span className="small">{run.notes}</span>}
        <button type="button" className="button button-small" onClick={edit}>
          Edit tags &amp; notes
        </button>
      </div>
    );
  return (
    <form className="form run-tags-form" onSubmit={save} data-testid="run-tags-form" noValidate>
      <div className="form-row">
        <Field
          label="Tags"
          hint="comma-separated"
          error={tagsError && <span className="field-error">{tagsError}</span>}
        >
          <input name="tags" value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <Field label="Notes" error={notesError && <span className="field-error">{notesError}</span>}>
          <input name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
      </div>
      {error && !tagsError && !notesError && <p className="form-error">{error}</p>}
      <div className="actions">
        <button type="submit" className="button button-small button-primary" disabled={state.fetching}>
          {state.fetching ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button-small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
