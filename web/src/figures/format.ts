// Numbers of the figures pages, in the current language.
export function percent(share: number | null, lang: string): string {
  return share === null ? '–' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Hours as "2 d 4 h" / "5.5 h" style text is locale-specific: keep hours, or days beyond 48 h. */
export function duration(hours: number | null, lang: string, units: { hours: string; days: string }): string {
  if (hours === null) return '–';
  if (hours < 48) return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(hours)} ${units.hours}`;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(hours / 24)} ${units.days}`;
}

export const integer = (n: number, lang: string) => new Intl.NumberFormat(lang).format(n);
