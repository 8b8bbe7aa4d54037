'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Card } from '../../../shared/ui/card';
import { Field } from '../../../shared/ui/field';

interface Props {
  error: string | null;
  checking: boolean;
  /** The server answers without a token: nothing to sign in to. */
  openMode: boolean;
  /** The name of the token in use, when one is. */
  signedInAs: string | null;
  next: string;
  onSubmit(token: string): void;
}

/** The sign-in view: one field for the API token, the server's refusal beside it. */
export function SignInForm({ error, checking, openMode, signedInAs, next, onSubmit }: Props) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(token);
  };
  return (
    <div className="signin">
      <Card title="Sign in to driftboard">
        <form className="form" onSubmit={submit} data-testid="signin-form" noValidate>
          <p className="muted">
            This server asks for an API token. It stays in this browser until you sign out.
          </p>
          {openMode && (
            <p className="form-ok" data-testid="open-mode">
              This server runs without tokens: no sign-in needed. <Link href={next}>Continue</Link>
            </p>
          )}
          {signedInAs && (
            <p className="muted small">
              Signed in as <strong>{signedInAs}</strong>; paste another token to switch.
            </p>
          )}
          <Field
            label="API token"
            error={
              error ? (
                <span className="field-error" role="alert" data-testid="signin-error">
                  {error}
                </span>
              ) : null
            }
          >
            <input
              name="token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="dbt_…"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoFocus
            />
          </Field>
          <p className="muted small">
            Tokens come from an admin:{' '}
            <code>npm run token -- create --role viewer --project &lt;name&gt;</code> on the server, or the{' '}
            <code>createApiToken</code> mutation.
          </p>
          <button type="submit" className="button button-primary" disabled={checking}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      </Card>
    </div>
  );
}
