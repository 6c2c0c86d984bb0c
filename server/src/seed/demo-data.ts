// The demo network: fictional people only. Created on the first start of the
// embedded default (never in production) and by `npm run seed`.
export const DEMO_PASSWORD = 'dermlink-demo-2026';

export const DEMO_NETWORK = { name: 'Réseau Dermato Vallée du Lot', country: 'FR' as const, timeZone: 'Europe/Paris' };

export const DEMO_ORGANISATIONS = {
  practice: { kind: 'gp_practice' as const, name: 'Maison de santé de Figeac' },
  service: {
    kind: 'dermatology_service' as const,
    name: 'Dermatologie — CH de Cahors',
    settings: { routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr' },
  },
  office: { kind: 'network_office' as const, name: 'Coordination du réseau' },
  pharmacy: { kind: 'pharmacy' as const, name: 'Pharmacie du Marché, Figeac' },
};

export const DEMO_CLINICIANS = [
  { key: 'gp1', email: 'gp@dermlink.test', name: 'Dr Claire Martin', org: 'practice', role: 'requester', professionalId: '10001234565', locale: 'fr' },
  { key: 'gp2', email: 'gp2@dermlink.test', name: 'Dr Thomas Bernard', org: 'practice', role: 'requester', professionalId: '10001234573', locale: 'fr' },
  { key: 'derm1', email: 'derm@dermlink.test', name: 'Dr Sophie Laurent', org: 'service', role: 'dermatologist', professionalId: '10009876540', locale: 'fr' },
  { key: 'derm2', email: 'derm2@dermlink.test', name: 'Dr James Wilson', org: 'service', role: 'dermatologist', professionalId: '10009876557', locale: 'en' },
  { key: 'coord', email: 'coordinator@dermlink.test', name: 'Nadia Roux', org: 'office', role: 'coordinator', professionalId: null, locale: 'fr' },
  { key: 'pharm1', email: 'pharmacist@dermlink.test', name: 'Julie Fabre', org: 'pharmacy', role: 'pharmacist', professionalId: '10005555551', locale: 'fr' },
] as const;

export const DEMO_PATIENTS = [
  { familyName: 'Dupont', givenName: 'Marie', birthDate: '1958-04-12', sex: 'female' as const, email: 'marie.dupont@patient.test', phone: '+33612345678', nationalId: '258047510312386', nationalIdKind: 'fr_nir' as const },
  { familyName: 'Moreau', givenName: 'Jean', birthDate: '1971-11-03', sex: 'male' as const, email: 'jean.moreau@patient.test', phone: '+33698765432', nationalId: null, nationalIdKind: null },
  { familyName: 'Lefèvre', givenName: 'Léa', birthDate: '1994-07-28', sex: 'female' as const, email: 'lea.lefevre@patient.test', phone: null, nationalId: null, nationalIdKind: null },
];
