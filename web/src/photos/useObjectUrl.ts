import { useEffect, useState } from 'react';

/** An object URL for a Blob, revoked when the blob changes or the component goes. */
export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [entry, setEntry] = useState<{ blob: Blob; url: string } | null>(null);
  // Derived during render (React's "adjust state when a prop changes"), revoked in the effect below.
  if ((entry?.blob ?? null) !== (blob ?? null)) setEntry(blob ? { blob, url: URL.createObjectURL(blob) } : null);
  const url = entry?.url ?? null;
  useEffect(() => {
    if (!url) return;
    return () => URL.revokeObjectURL(url);
  }, [url]);
  return url;
}
