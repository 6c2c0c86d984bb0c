// The dermatology formulary, shipped as data: common products by class, with
// form, strength, route and their English and French names (international
// non-proprietary names, no brands). Codes are derived from the English name,
// strength and form (unique: formulary.test.ts); a signed prescription keeps
// its own copy of each product, so editing this list never changes one.
// Potency follows the UK classes (mild, moderate, potent, very potent), which
// match the French classes IV to I.
import type { AdministrationRoute, DosageForm, FormularyCategory, FormularyProduct, Potency } from '../../../contracts/prescriptions/index.ts';

type Row = [category: FormularyCategory, en: string, fr: string, strength: string, form: DosageForm, extra?: { potency?: Potency; maxDurationDays?: number; renewable?: boolean }];

const ORAL_FORMS = new Set<DosageForm>(['tablet', 'capsule', 'oral_solution']);
// Teratogenic retinoids: one month per prescription, no renewal (pregnancy prevention programme).
const MONTHLY = { maxDurationDays: 30, renewable: false };
const mild = { potency: 'mild' as const };
const moderate = { potency: 'moderate' as const };
const potent = { potency: 'potent' as const };
const veryPotent = { potency: 'very_potent' as const };

const ROWS: Row[] = [
  // Topical corticosteroids, by potency.
  ['corticosteroid_topical', 'Hydrocortisone', 'Hydrocortisone', '1%', 'cream', mild],
  ['corticosteroid_topical', 'Hydrocortisone', 'Hydrocortisone', '1%', 'ointment', mild],
  ['corticosteroid_topical', 'Hydrocortisone acetate', 'Acétate d’hydrocortisone', '0.5%', 'cream', mild],
  ['corticosteroid_topical', 'Clobetasone butyrate', 'Butyrate de clobétasone', '0.05%', 'cream', moderate],
  ['corticosteroid_topical', 'Desonide', 'Désonide', '0.1%', 'cream', moderate],
  ['corticosteroid_topical', 'Desonide', 'Désonide', '0.05%', 'lotion', moderate],
  ['corticosteroid_topical', 'Fluocinolone acetonide', 'Acétonide de fluocinolone', '0.00625%', 'cream', moderate],
  ['corticosteroid_topical', 'Hydrocortisone butyrate', 'Butyrate d’hydrocortisone', '0.1%', 'cream', potent],
  ['corticosteroid_topical', 'Hydrocortisone butyrate', 'Butyrate d’hydrocortisone', '0.1%', 'lotion', potent],
  ['corticosteroid_topical', 'Hydrocortisone aceponate', 'Acéponate d’hydrocortisone', '0.127%', 'cream', potent],
  ['corticosteroid_topical', 'Betamethasone valerate', 'Valérate de bétaméthasone', '0.1%', 'cream', potent],
  ['corticosteroid_topical', 'Betamethasone valerate', 'Valérate de bétaméthasone', '0.1%', 'ointment', potent],
  ['corticosteroid_topical', 'Betamethasone valerate', 'Valérate de bétaméthasone', '0.1%', 'lotion', potent],
  ['corticosteroid_topical', 'Betamethasone dipropionate', 'Dipropionate de bétaméthasone', '0.05%', 'cream', potent],
  ['corticosteroid_topical', 'Betamethasone dipropionate', 'Dipropionate de bétaméthasone', '0.05%', 'ointment', potent],
  ['corticosteroid_topical', 'Mometasone furoate', 'Furoate de mométasone', '0.1%', 'cream', potent],
  ['corticosteroid_topical', 'Mometasone furoate', 'Furoate de mométasone', '0.1%', 'ointment', potent],
  ['corticosteroid_topical', 'Mometasone furoate', 'Furoate de mométasone', '0.1%', 'lotion', potent],
  ['corticosteroid_topical', 'Fluticasone propionate', 'Propionate de fluticasone', '0.05%', 'cream', potent],
  ['corticosteroid_topical', 'Diflucortolone valerate', 'Valérate de diflucortolone', '0.1%', 'cream', potent],
  ['corticosteroid_topical', 'Clobetasol propionate', 'Propionate de clobétasol', '0.05%', 'cream', veryPotent],
  ['corticosteroid_topical', 'Clobetasol propionate', 'Propionate de clobétasol', '0.05%', 'ointment', veryPotent],
  ['corticosteroid_topical', 'Clobetasol propionate', 'Propionate de clobétasol', '0.05%', 'shampoo', veryPotent],
  ['corticosteroid_topical', 'Clobetasol propionate', 'Propionate de clobétasol', '0.05%', 'foam', veryPotent],
  ['corticosteroid_topical', 'Fusidic acid + betamethasone valerate', 'Acide fusidique + valérate de bétaméthasone', '2% / 0.1%', 'cream', potent],
  ['corticosteroid_topical', 'Miconazole + hydrocortisone', 'Miconazole + hydrocortisone', '2% / 1%', 'cream', mild],

  // Psoriasis (topical).
  ['psoriasis_topical', 'Calcipotriol', 'Calcipotriol', '50 µg/g', 'ointment'],
  ['psoriasis_topical', 'Calcipotriol', 'Calcipotriol', '50 µg/g', 'cream'],
  ['psoriasis_topical', 'Calcipotriol + betamethasone dipropionate', 'Calcipotriol + dipropionate de bétaméthasone', '50 µg/g / 0.5 mg/g', 'ointment', potent],
  ['psoriasis_topical', 'Calcipotriol + betamethasone dipropionate', 'Calcipotriol + dipropionate de bétaméthasone', '50 µg/g / 0.5 mg/g', 'gel', potent],
  ['psoriasis_topical', 'Calcipotriol + betamethasone dipropionate', 'Calcipotriol + dipropionate de bétaméthasone', '50 µg/g / 0.5 mg/g', 'foam', potent],
  ['psoriasis_topical', 'Coal tar', 'Goudron de houille', '4%', 'shampoo'],

  // Emollients.
  ['emollient', 'White soft paraffin + liquid paraffin', 'Vaseline + paraffine liquide', '50% / 50%', 'ointment'],
  ['emollient', 'Glycerol + white soft paraffin + liquid paraffin', 'Glycérol + vaseline + paraffine liquide', '15% / 8% / 2%', 'cream'],
  ['emollient', 'Emulsifying ointment', 'Pommade émulsifiante', '—', 'ointment'],
  ['emollient', 'Colloidal oatmeal', 'Avoine colloïdale', '1%', 'cream'],
  ['emollient', 'Urea', 'Urée', '5%', 'cream'],
  ['emollient', 'Urea', 'Urée', '10%', 'cream'],
  ['emollient', 'Liquid paraffin bath oil', 'Huile de bain à la paraffine liquide', '70%', 'emulsion'],
  ['emollient', 'Cold cream', 'Cold cream', '—', 'cream'],

  // Antifungals, topical.
  ['antifungal_topical', 'Ketoconazole', 'Kétoconazole', '2%', 'cream'],
  ['antifungal_topical', 'Ketoconazole', 'Kétoconazole', '2%', 'shampoo'],
  ['antifungal_topical', 'Econazole nitrate', 'Nitrate d’éconazole', '1%', 'cream'],
  ['antifungal_topical', 'Econazole nitrate', 'Nitrate d’éconazole', '1%', 'powder'],
  ['antifungal_topical', 'Econazole nitrate', 'Nitrate d’éconazole', '1%', 'emulsion'],
  ['antifungal_topical', 'Clotrimazole', 'Clotrimazole', '1%', 'cream'],
  ['antifungal_topical', 'Miconazole nitrate', 'Nitrate de miconazole', '2%', 'cream'],
  ['antifungal_topical', 'Terbinafine', 'Terbinafine', '1%', 'cream'],
  ['antifungal_topical', 'Terbinafine', 'Terbinafine', '1%', 'solution'],
  ['antifungal_topical', 'Ciclopirox olamine', 'Ciclopirox olamine', '1%', 'cream'],
  ['antifungal_topical', 'Ciclopirox', 'Ciclopirox', '8%', 'nail_lacquer'],
  ['antifungal_topical', 'Amorolfine', 'Amorolfine', '5%', 'nail_lacquer'],
  ['antifungal_topical', 'Sertaconazole nitrate', 'Nitrate de sertaconazole', '2%', 'cream'],
  ['antifungal_topical', 'Nystatin', 'Nystatine', '100 000 IU/g', 'cream'],
  ['antifungal_topical', 'Selenium sulfide', 'Sulfure de sélénium', '2.5%', 'shampoo'],
  ['antifungal_topical', 'Ciclopirox olamine', 'Ciclopirox olamine', '1.5%', 'shampoo'],

  // Antifungals, by mouth.
  ['antifungal_oral', 'Terbinafine', 'Terbinafine', '250 mg', 'tablet'],
  ['antifungal_oral', 'Itraconazole', 'Itraconazole', '100 mg', 'capsule'],
  ['antifungal_oral', 'Fluconazole', 'Fluconazole', '150 mg', 'capsule'],
  ['antifungal_oral', 'Griseofulvin', 'Griséofulvine', '500 mg', 'tablet'],

  // Antibiotics, topical.
  ['antibiotic_topical', 'Fusidic acid', 'Acide fusidique', '2%', 'cream'],
  ['antibiotic_topical', 'Fusidic acid', 'Acide fusidique', '2%', 'ointment'],
  ['antibiotic_topical', 'Mupirocin', 'Mupirocine', '2%', 'ointment'],
  ['antibiotic_topical', 'Retapamulin', 'Rétapamuline', '1%', 'ointment'],
  ['antibiotic_topical', 'Silver sulfadiazine', 'Sulfadiazine argentique', '1%', 'cream'],

  // Antibiotics, by mouth.
  ['antibiotic_oral', 'Doxycycline', 'Doxycycline', '100 mg', 'tablet'],
  ['antibiotic_oral', 'Doxycycline (modified release)', 'Doxycycline (libération modifiée)', '40 mg', 'capsule'],
  ['antibiotic_oral', 'Lymecycline', 'Lymécycline', '300 mg', 'capsule'],
  ['antibiotic_oral', 'Flucloxacillin', 'Flucloxacilline', '500 mg', 'capsule'],
  ['antibiotic_oral', 'Cloxacillin', 'Cloxacilline', '500 mg', 'capsule'],
  ['antibiotic_oral', 'Pristinamycin', 'Pristinamycine', '500 mg', 'tablet'],
  ['antibiotic_oral', 'Amoxicillin', 'Amoxicilline', '1 g', 'tablet'],
  ['antibiotic_oral', 'Amoxicillin + clavulanic acid', 'Amoxicilline + acide clavulanique', '1 g / 125 mg', 'tablet'],
  ['antibiotic_oral', 'Cefalexin', 'Céfalexine', '500 mg', 'capsule'],
  ['antibiotic_oral', 'Azithromycin', 'Azithromycine', '250 mg', 'tablet'],
  ['antibiotic_oral', 'Clarithromycin', 'Clarithromycine', '500 mg', 'tablet'],
  ['antibiotic_oral', 'Erythromycin', 'Érythromycine', '500 mg', 'tablet'],

  // Acne, topical.
  ['acne_topical', 'Benzoyl peroxide', 'Peroxyde de benzoyle', '2.5%', 'gel'],
  ['acne_topical', 'Benzoyl peroxide', 'Peroxyde de benzoyle', '5%', 'gel'],
  ['acne_topical', 'Benzoyl peroxide', 'Peroxyde de benzoyle', '10%', 'gel'],
  ['acne_topical', 'Clindamycin', 'Clindamycine', '1%', 'gel'],
  ['acne_topical', 'Clindamycin', 'Clindamycine', '1%', 'lotion'],
  ['acne_topical', 'Erythromycin', 'Érythromycine', '4%', 'gel'],
  ['acne_topical', 'Clindamycin + benzoyl peroxide', 'Clindamycine + peroxyde de benzoyle', '1% / 5%', 'gel'],
  ['acne_topical', 'Adapalene + benzoyl peroxide', 'Adapalène + peroxyde de benzoyle', '0.1% / 2.5%', 'gel'],
  ['acne_topical', 'Adapalene + benzoyl peroxide', 'Adapalène + peroxyde de benzoyle', '0.3% / 2.5%', 'gel'],
  ['acne_topical', 'Clindamycin + tretinoin', 'Clindamycine + trétinoïne', '1% / 0.025%', 'gel'],
  ['acne_topical', 'Azelaic acid', 'Acide azélaïque', '20%', 'cream'],

  // Retinoids, topical.
  ['retinoid_topical', 'Tretinoin', 'Trétinoïne', '0.025%', 'cream'],
  ['retinoid_topical', 'Tretinoin', 'Trétinoïne', '0.05%', 'cream'],
  ['retinoid_topical', 'Adapalene', 'Adapalène', '0.1%', 'gel'],
  ['retinoid_topical', 'Adapalene', 'Adapalène', '0.1%', 'cream'],
  ['retinoid_topical', 'Adapalene', 'Adapalène', '0.3%', 'gel'],
  ['retinoid_topical', 'Trifarotene', 'Trifarotène', '50 µg/g', 'cream'],
  ['retinoid_topical', 'Isotretinoin', 'Isotrétinoïne', '0.05%', 'gel'],
  ['retinoid_topical', 'Tazarotene', 'Tazarotène', '0.1%', 'gel'],

  // Retinoids, by mouth (teratogenic: one month at a time).
  ['retinoid_oral', 'Isotretinoin', 'Isotrétinoïne', '5 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Isotretinoin', 'Isotrétinoïne', '10 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Isotretinoin', 'Isotrétinoïne', '20 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Isotretinoin', 'Isotrétinoïne', '40 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Acitretin', 'Acitrétine', '10 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Acitretin', 'Acitrétine', '25 mg', 'capsule', MONTHLY],
  ['retinoid_oral', 'Alitretinoin', 'Alitrétinoïne', '30 mg', 'capsule', MONTHLY],

  // Rosacea.
  ['rosacea', 'Metronidazole', 'Métronidazole', '0.75%', 'cream'],
  ['rosacea', 'Metronidazole', 'Métronidazole', '0.75%', 'gel'],
  ['rosacea', 'Ivermectin', 'Ivermectine', '1%', 'cream'],
  ['rosacea', 'Azelaic acid', 'Acide azélaïque', '15%', 'gel'],
  ['rosacea', 'Brimonidine', 'Brimonidine', '3 mg/g', 'gel'],

  // Antihistamines.
  ['antihistamine', 'Cetirizine', 'Cétirizine', '10 mg', 'tablet'],
  ['antihistamine', 'Cetirizine', 'Cétirizine', '1 mg/ml', 'oral_solution'],
  ['antihistamine', 'Levocetirizine', 'Lévocétirizine', '5 mg', 'tablet'],
  ['antihistamine', 'Desloratadine', 'Desloratadine', '5 mg', 'tablet'],
  ['antihistamine', 'Loratadine', 'Loratadine', '10 mg', 'tablet'],
  ['antihistamine', 'Fexofenadine', 'Fexofénadine', '180 mg', 'tablet'],
  ['antihistamine', 'Bilastine', 'Bilastine', '20 mg', 'tablet'],
  ['antihistamine', 'Rupatadine', 'Rupatadine', '10 mg', 'tablet'],
  ['antihistamine', 'Hydroxyzine', 'Hydroxyzine', '25 mg', 'tablet'],

  // Antivirals.
  ['antiviral', 'Aciclovir', 'Aciclovir', '200 mg', 'tablet'],
  ['antiviral', 'Aciclovir', 'Aciclovir', '800 mg', 'tablet'],
  ['antiviral', 'Aciclovir', 'Aciclovir', '5%', 'cream'],
  ['antiviral', 'Valaciclovir', 'Valaciclovir', '500 mg', 'tablet'],
  ['antiviral', 'Famciclovir', 'Famciclovir', '500 mg', 'tablet'],

  // Scabies and lice.
  ['antiparasitic', 'Permethrin', 'Perméthrine', '5%', 'cream'],
  ['antiparasitic', 'Ivermectin', 'Ivermectine', '3 mg', 'tablet'],
  ['antiparasitic', 'Benzyl benzoate', 'Benzoate de benzyle', '10%', 'emulsion'],
  ['antiparasitic', 'Esdepallethrine + piperonyl butoxide', 'Esdépalléthrine + butoxyde de pipéronyle', '0.63% / 5%', 'spray'],
  ['antiparasitic', 'Malathion', 'Malathion', '0.5%', 'lotion'],
  ['antiparasitic', 'Dimeticone', 'Diméticone', '4%', 'lotion'],

  // Keratolytics.
  ['keratolytic', 'Salicylic acid in white soft paraffin', 'Vaseline salicylée', '2%', 'ointment'],
  ['keratolytic', 'Salicylic acid in white soft paraffin', 'Vaseline salicylée', '10%', 'ointment'],
  ['keratolytic', 'Salicylic acid + lactic acid', 'Acide salicylique + acide lactique', '16.7% / 15%', 'solution'],
  ['keratolytic', 'Urea', 'Urée', '30%', 'cream'],

  // Sun protection.
  ['sun_protection', 'Sunscreen SPF 50+', 'Écran solaire SPF 50+', 'SPF 50+', 'cream'],
  ['sun_protection', 'Sunscreen SPF 50+', 'Écran solaire SPF 50+', 'SPF 50+', 'lotion'],
  ['sun_protection', 'Mineral sunscreen SPF 50+', 'Écran solaire minéral SPF 50+', 'SPF 50+', 'cream'],
  ['sun_protection', 'Lip sunscreen SPF 50+', 'Stick lèvres SPF 50+', 'SPF 50+', 'stick'],

  // Immunomodulators and field treatments, topical.
  ['immunomodulator_topical', 'Tacrolimus', 'Tacrolimus', '0.03%', 'ointment'],
  ['immunomodulator_topical', 'Tacrolimus', 'Tacrolimus', '0.1%', 'ointment'],
  ['immunomodulator_topical', 'Pimecrolimus', 'Pimécrolimus', '1%', 'cream'],
  ['immunomodulator_topical', 'Ruxolitinib', 'Ruxolitinib', '1.5%', 'cream'],
  ['immunomodulator_topical', 'Imiquimod', 'Imiquimod', '5%', 'cream'],
  ['immunomodulator_topical', 'Fluorouracil', 'Fluorouracile', '5%', 'cream'],
  ['immunomodulator_topical', 'Diclofenac sodium', 'Diclofénac sodique', '3%', 'gel'],
  ['immunomodulator_topical', 'Podophyllotoxin', 'Podophyllotoxine', '0.5%', 'solution'],

  // Systemic treatments.
  ['systemic_immunomodulator', 'Methotrexate (once a week)', 'Méthotrexate (une fois par semaine)', '2.5 mg', 'tablet'],
  ['systemic_immunomodulator', 'Methotrexate (once a week)', 'Méthotrexate (une fois par semaine)', '10 mg', 'tablet'],
  ['systemic_immunomodulator', 'Methotrexate (once a week)', 'Méthotrexate (une fois par semaine)', '15 mg/0.3 ml', 'prefilled_pen'],
  ['systemic_immunomodulator', 'Ciclosporin', 'Ciclosporine', '100 mg', 'capsule'],
  ['systemic_immunomodulator', 'Apremilast', 'Aprémilast', '30 mg', 'tablet'],
  ['systemic_immunomodulator', 'Hydroxychloroquine', 'Hydroxychloroquine', '200 mg', 'tablet'],
  ['systemic_immunomodulator', 'Prednisolone', 'Prednisolone', '20 mg', 'tablet'],
  ['systemic_immunomodulator', 'Dupilumab', 'Dupilumab', '300 mg', 'prefilled_pen'],
  ['systemic_immunomodulator', 'Folic acid', 'Acide folique', '5 mg', 'tablet'],

  // Antiseptics.
  ['antiseptic', 'Chlorhexidine digluconate', 'Digluconate de chlorhexidine', '0.05%', 'solution'],
  ['antiseptic', 'Povidone-iodine', 'Povidone iodée', '10%', 'solution'],
  ['antiseptic', 'Zinc oxide', 'Oxyde de zinc', '10%', 'paste'],

  // Other.
  ['other', 'Minoxidil', 'Minoxidil', '2%', 'solution'],
  ['other', 'Minoxidil', 'Minoxidil', '5%', 'solution'],
  ['other', 'Aluminium chloride hexahydrate', 'Chlorure d’aluminium hexahydraté', '20%', 'solution'],
];

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/%/g, 'pct')
    .replace(/µ/g, 'u')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');

export const FORMULARY: readonly FormularyProduct[] = ROWS.map(([category, en, fr, strength, form, extra]) => ({
  code: [slug(en), slug(strength), form].filter(Boolean).join('-'),
  category,
  name: { en, fr },
  strength,
  form,
  route: (ORAL_FORMS.has(form) ? 'oral' : form === 'prefilled_pen' ? 'subcutaneous' : 'cutaneous') satisfies AdministrationRoute,
  potency: extra?.potency ?? null,
  maxDurationDays: extra?.maxDurationDays ?? null,
  renewable: extra?.renewable ?? true,
}));

const BY_CODE = new Map(FORMULARY.map((p) => [p.code, p]));
export const formularyProduct = (code: string): FormularyProduct | undefined => BY_CODE.get(code);
