import type { ReactNode } from 'react';

/** A labelled form control with an optional hint and, when invalid, its error beside it. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error: ReactNode;
  children: ReactNode;
}) {
  return (
    <label className={error ? 'field field-invalid' : 'field'}>
      <span>
        {label} {hint && <span className="muted small">({hint})</span>}
      </span>
      {children}
      {error}
    </label>
  );
}
