// Label keys in contracts/clinical are written 'clinical.<group>.<value>': they
// live in the `clinical` namespace. This turns them into i18next keys.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export const clinicalKey = (labelKey: string): string => labelKey.replace(/^clinical\./, 'clinical:');

/** `tc('clinical.bodySite.face')` or `tc('bodySite.face')`, in the current language. */
export function useClinicalLabels() {
  const { t } = useTranslation('clinical');
  return useCallback((key: string) => t(key.startsWith('clinical.') ? clinicalKey(key) : `clinical:${key}`), [t]);
}
