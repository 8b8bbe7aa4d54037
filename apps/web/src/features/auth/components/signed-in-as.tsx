'use client';

import { useAuth } from '../../../shared/graphql/client-provider';
import { useViewer } from '../hooks/use-viewer';

/** The header's token name, role and Sign out; shown only when the server requires tokens. */
export function SignedInAs() {
  const { viewer } = useViewer();
  const { signOut } = useAuth();
  if (!viewer?.authEnabled) return null;
  return (
    <div className="account" data-testid="signed-in-as">
      <span className="account-name" title="The API token this browser uses">
        {viewer.tokenName ?? 'token'}
      </span>
      <span className="account-role">{viewer.role.toLowerCase()}</span>
      <button type="button" className="account-signout" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
