// ICD-10 search as a combobox (GET /api/icd10?q=&lang=): type a word or a code,
// pick with the arrows and Enter.
import { Autocomplete, CloseButton, Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Icd10Code } from '../../../contracts/cases/answer.ts';
import { currentLanguage } from '../i18n/index.ts';
import { searchIcd10 } from './api.ts';

const display = (c: Icd10Code) => `${c.code} — ${c.label}`;

export function Icd10Combobox({ label, value, onChange, id }: { label: string; value: Icd10Code | null | undefined; onChange: (v: Icd10Code | null) => void; id?: string }) {
  const { t } = useTranslation('cases');
  const [text, setText] = useState(value ? display(value) : '');
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) {
    // A template or a draft replaced the value: show it.
    setShownValue(value);
    setText(value ? display(value) : '');
  }
  const [q] = useDebouncedValue(text.trim(), 250);
  const lang = currentLanguage();
  const selected = value && text === display(value);
  const search = useQuery({ queryKey: ['icd10', q, lang], queryFn: () => searchIcd10(q, lang), enabled: q.length >= 2 && !selected, staleTime: 300_000 });
  const items = search.data?.items ?? [];
  return (
    <Autocomplete
      id={id}
      label={label}
      placeholder={t('answer.icd10Placeholder')}
      value={text}
      onChange={(v) => {
        setText(v);
        if (value && v !== display(value)) onChange(null);
      }}
      data={items.map(display)}
      filter={({ options }) => options}
      onOptionSubmit={(v) => {
        const item = items.find((i) => display(i) === v);
        if (item) {
          onChange(item);
          setText(display(item));
        }
      }}
      rightSection={search.isFetching ? <Loader size="xs" /> : text ? <CloseButton aria-label={t('answer.icd10Clear')} onClick={() => { setText(''); onChange(null); }} /> : null}
      comboboxProps={{ withinPortal: true }}
      limit={20}
    />
  );
}
