import { Suspense } from 'react';
import { SignInContainer } from '../../features/auth/components/signin-container';
import { Loading } from '../../shared/ui/states';

export const metadata = { title: 'Sign in · driftboard' };

export default function SignInPage() {
  return (
    <Suspense fallback={<Loading />}>
      <SignInContainer />
    </Suspense>
  );
}
