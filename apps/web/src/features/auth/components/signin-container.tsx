'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { returnPath } from '../../../shared/auth/auth-redirect';
import { useAuth } from '../../../shared/graphql/client-provider';
import { useViewer } from '../hooks/use-viewer';
import { verifyToken } from '../verify-token';
import { SignInForm } from './signin-form';

/** Sign-in: checks a pasted token with the `viewer` query, keeps it, and returns to the page that asked. */
export function SignInContainer() {
  const params = useSearchParams();
  const router = useRouter();
  const { apiUrl, token, signIn } = useAuth();
  const { viewer } = useViewer();
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const next = returnPath(params.get('next'));

  const submit = async (input: string) => {
    setChecking(true);
    setError(null);
    const check = await verifyToken(apiUrl, input);
    setChecking(false);
    if (!check.ok) return setError(check.message);
    signIn(check.token);
    router.replace(next);
  };

  return (
    <SignInForm
      error={error}
      checking={checking}
      openMode={viewer?.authEnabled === false && !token}
      signedInAs={token && viewer?.tokenName ? viewer.tokenName : null}
      next={next}
      onSubmit={(input) => void submit(input)}
    />
  );
}
