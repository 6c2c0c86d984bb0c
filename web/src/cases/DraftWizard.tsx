// The request wizard on a draft case (/cases/:id while draft): short steps,
// autosave as typed (debounced PUT of the whole draft), resume anywhere.
import {
  Alert,
  Button,
  Chip,
  Divider,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { sevenPointScore, suggestsSuspectedCancer, type SevenPointAnswers } from '../../../contracts/clinical/seven-point.ts';
import {
  bodySite,
  FITZPATRICK_PHOTOTYPES,
  REQUEST_REASONS,
  type BodyMapView,
  type BodySiteId,
  type FitzpatrickPhototype,
  type RequestReason,
  type Urgency,
} from '../../../contracts/clinical/triage.ts';
import type { CaseDetail, Routing } from '../../../contracts/cases/case.ts';
import { draftToCandidate, RequestV1Schema, type RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { casesKeys, routingOptionsQuery, saveDraft, submitCase, useRoutingOptions } from './api.ts';
import { BodyMap } from './BodyMap.tsx';
import { useClinicalLabels } from './clinical-labels.ts';
import { ConsentStep } from './ConsentStep.tsx';
import { apiFieldErrors, errorFor, messageKey, zodFieldErrors, type FieldErrors } from './field-errors.ts';
import { PatientLine } from './NewCasePage.tsx';
import { PhotoSlot } from './PhotoSlot.tsx';
import { completeSevenPoint, SevenPointChecklist, SevenPointScore } from './SevenPointChecklist.tsx';
import { StepHeader, WIZARD_STEPS, type WizardStep } from './WizardFrame.tsx';
import './cases.css';

type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

// Which step shows which field, to open the right step on a validation error.
const FIELD_STEP: Record<string, WizardStep> = {
  reason: 'site',
  reasonOther: 'site',
  bodySite: 'site',
  duration: 'lesion',
  evolution: 'lesion',
  symptoms: 'lesion',
  personalHistorySkinCancer: 'background',
  familyHistorySkinCancer: 'background',
  immunosuppressed: 'background',
  phototype: 'background',
  treatments: 'background',
  allergies: 'background',
  history: 'background',
  pigmented: 'checklist',
  sevenPoint: 'checklist',
  question: 'question',
  urgency: 'question',
  routing: 'question',
};

function routingValue(routing: Routing | null | undefined): string | null {
  if (!routing) return null;
  return routing.kind === 'service' ? `service:${routing.serviceId}` : `derm:${routing.serviceId}:${routing.dermatologistId}`;
}
function parseRouting(value: string | null): Routing | null {
  if (!value) return null;
  const [kind, serviceId, dermatologistId] = value.split(':');
  if (kind === 'service' && serviceId) return { kind: 'service', serviceId };
  if (kind === 'derm' && serviceId && dermatologistId) return { kind: 'dermatologist', serviceId, dermatologistId };
  return null;
}

function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  const { t } = useTranslation('cases');
  if (status === 'idle') return null;
  if (status === 'error')
    return (
      <Button variant="subtle" color="red.9" size="compact-sm" onClick={onRetry} aria-live="polite">
        {t('wizard.saveFailed')}
      </Button>
    );
  return (
    <Text size="sm" className={status === 'saved' ? 'tone-ok' : 'tone-muted'} aria-live="polite" role="status">
      {status === 'saved' ? `✓ ${t('wizard.saved')}` : t('wizard.saving')}
    </Text>
  );
}

function YesNo({ label, value, onChange }: { label: string; value: boolean | null | undefined; onChange: (v: boolean) => void }) {
  const { t } = useTranslation('cases');
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={500} style={{ flex: 1 }} id={`yn-${label}`}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={`yn-${label}`}
        size="md"
        value={value === true ? 'yes' : value === false ? 'no' : ''}
        onChange={(v) => onChange(v === 'yes')}
        data={[
          { value: 'no', label: t('common.no') },
          { value: 'yes', label: t('common.yes') },
        ]}
      />
    </Group>
  );
}

export function DraftWizard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<RequestDraftV1>(() => detail.request ?? {});
  const [routing, setRouting] = useState<Routing | null>(() => {
    const { service, targetDermatologist } = detail.routing;
    if (service && targetDermatologist) return { kind: 'dermatologist', serviceId: service.id, dermatologistId: targetDermatologist.id };
    return service ? { kind: 'service', serviceId: service.id } : null;
  });
  const [consentGiven, setConsentGiven] = useState(detail.consentGiven);
  const [view, setView] = useState<BodyMapView>(() => detail.request?.bodySite?.view ?? 'front');
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [urgencyRaised, setUrgencyRaised] = useState(false);
  const routingOptions = useRoutingOptions();

  const requested = params.get('step') as WizardStep | null;
  const firstStep: WizardStep = consentGiven ? 'site' : 'consent';
  // Resuming a draft (another device, a list row): open where something is still missing.
  const [resumeStep] = useState<WizardStep>(() => {
    const r = detail.request ?? {};
    if (!consentGiven) return 'consent';
    if (!r.reason || !r.bodySite?.site) return 'site';
    if (r.pigmented && !r.sevenPoint) return 'checklist';
    if (!r.question || !r.urgency) return 'question';
    return 'review';
  });
  const step: WizardStep =
    requested && WIZARD_STEPS.includes(requested) && requested !== 'patient' ? (requested === 'consent' && consentGiven ? 'site' : requested) : resumeStep;
  const index = WIZARD_STEPS.indexOf(step);
  const goTo = useCallback(
    (next: WizardStep) => {
      setParams({ step: next });
      window.scrollTo({ top: 0 });
    },
    [setParams],
  );

  // ---- autosave: the whole draft, debounced, the latest wins ----
  // Updated in the handlers (not during render) so a save always sends the newest form.
  const latest = useRef({ draft, routing });
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saving = useRef<Promise<void> | null>(null);
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    if (saving.current) await saving.current;
    if (!dirty.current) return;
    dirty.current = false;
    setStatus('saving');
    const { draft: d, routing: r } = latest.current;
    saving.current = saveDraft(detail.id, { request: d, routing: r })
      .then(() => setStatus(dirty.current ? 'pending' : 'saved'))
      .catch((error: unknown) => {
        dirty.current = true;
        setStatus('error');
        setErrors(apiFieldErrors(error));
      })
      .finally(() => {
        saving.current = null;
      });
    await saving.current;
  }, [detail.id]);
  const schedule = useCallback(() => {
    dirty.current = true;
    setStatus('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 800);
  }, [flush]);
  useEffect(() => () => {
    // Leaving the wizard: send what is pending.
    clearTimeout(timer.current);
    if (dirty.current) void saveDraft(detail.id, { request: latest.current.draft, routing: latest.current.routing }).catch(() => undefined);
  }, [detail.id]);

  const update = (patch: Partial<RequestDraftV1>) => {
    const nextDraft = { ...latest.current.draft, ...patch };
    latest.current = { ...latest.current, draft: nextDraft };
    setDraft(nextDraft);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !Object.keys(patch).some((p) => k === p || k.startsWith(`${p}.`)))));
    schedule();
  };
  const updateRouting = (r: Routing | null) => {
    latest.current = { ...latest.current, routing: r };
    setRouting(r);
    schedule();
  };

  // Default routing: the first service pool (no tap needed when there is one).
  const services = routingOptions.data?.services ?? [];
  const effectiveRouting = routing ?? (services[0] ? ({ kind: 'service', serviceId: services[0].id } as Routing) : null);

  const onSevenPoint = (answers: SevenPointAnswers) => {
    const before = suggestsSuspectedCancer(sevenPointScore(completeSevenPoint(draft.sevenPoint)));
    const after = suggestsSuspectedCancer(sevenPointScore(answers));
    const patch: Partial<RequestDraftV1> = { sevenPoint: answers };
    if (after && !before && draft.urgency !== 'urgent') {
      patch.urgency = 'urgent';
      setUrgencyRaised(true);
    }
    update(patch);
  };

  const submit = useMutation({
    mutationFn: async () => {
      await flush();
      // The default (first service pool) even when the options had not loaded yet.
      const first = (await queryClient.ensureQueryData(routingOptionsQuery)).services[0];
      const chosen = latest.current.routing ?? (first ? ({ kind: 'service', serviceId: first.id } as Routing) : undefined);
      return submitCase(detail.id, chosen);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: casesKeys.all });
      void navigate(`/cases/${detail.id}`, { replace: true, state: { justSubmitted: true } });
    },
    onError: (error) => {
      const fieldErrors = apiFieldErrors(error);
      setErrors(fieldErrors);
      const first = Object.keys(fieldErrors)[0];
      const target = first ? FIELD_STEP[first.split('.')[0]!] : undefined;
      if (target) goTo(target);
    },
  });

  const validateAndSubmit = () => {
    const parsed = RequestV1Schema.safeParse(draftToCandidate({ ...draft, pigmented: draft.pigmented ?? false }));
    if (!parsed.success) {
      const fieldErrors = zodFieldErrors(parsed.error);
      setErrors(fieldErrors);
      const first = Object.keys(fieldErrors)[0];
      const target = first ? FIELD_STEP[first.split('.')[0]!] : undefined;
      if (target && target !== 'review') goTo(target);
      return;
    }
    if (!consentGiven) return goTo('consent');
    submit.mutate();
  };

  const err = (field: string) => {
    const message = errorFor(errors, field);
    return message ? t(messageKey(message), { defaultValue: t('cases:fieldErrors.invalid') }) : undefined;
  };

  const next = () => {
    if (step === 'review') return validateAndSubmit();
    void flush();
    goTo(WIZARD_STEPS[index + 1]!);
  };
  const back = () => {
    if (index <= WIZARD_STEPS.indexOf(firstStep)) return void navigate('/cases');
    goTo(WIZARD_STEPS[index - 1]!);
  };

  const answers = completeSevenPoint(draft.sevenPoint);
  const siteId = draft.bodySite?.site as BodySiteId | undefined;

  let body: ReactNode;
  switch (step) {
    case 'consent':
      body = (
        <ConsentStep
          patientId={detail.patient.id}
          onRecorded={() => {
            setConsentGiven(true);
            goTo('site');
          }}
        />
      );
      break;
    case 'site':
      body = (
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="reason-label">
              {t('request.reason')} <span aria-hidden>*</span>
            </Text>
            <Chip.Group multiple={false} value={draft.reason ?? null} onChange={(v) => update({ reason: v as RequestReason })}>
              <Group gap="xs" role="radiogroup" aria-labelledby="reason-label">
                {REQUEST_REASONS.map((r) => (
                  <Chip key={r} value={r} size="md" radius="sm">
                    {tc(`requestReason.${r}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {err('reason') && (
              <Text c="red.8" size="sm" role="alert">
                {err('reason')}
              </Text>
            )}
          </Stack>
          {draft.reason === 'other' && (
            <TextInput size="md" label={t('request.reasonOther')} value={draft.reasonOther ?? ''} onChange={(e) => update({ reasonOther: e.currentTarget.value })} error={err('reasonOther')} />
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('request.bodySite')} <span aria-hidden>*</span>
            </Text>
            <Text size="sm" c="dimmed">
              {t('request.bodySiteHint')}
            </Text>
            <BodyMap
              value={siteId}
              view={view}
              onViewChange={setView}
              onChange={(site) => update({ bodySite: { ...draft.bodySite, site, laterality: bodySite(site).laterality, view } })}
            />
            {err('bodySite') && (
              <Text c="red.8" size="sm" role="alert">
                {err('bodySite')}
              </Text>
            )}
          </Stack>
          <TextInput
            size="md"
            label={t('request.siteDetail')}
            description={t('request.siteDetailHint')}
            value={draft.bodySite?.detail ?? ''}
            onChange={(e) => update({ bodySite: { ...draft.bodySite, detail: e.currentTarget.value } })}
          />
        </Stack>
      );
      break;
    case 'lesion':
      body = (
        <Stack gap="md">
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <NumberInput
              size="md"
              w={110}
              label={t('request.duration')}
              inputMode="numeric"
              min={0}
              max={1200}
              allowDecimal={false}
              allowNegative={false}
              value={draft.duration?.value ?? ''}
              onChange={(v) => update({ duration: { ...draft.duration, unit: draft.duration?.unit ?? 'months', value: typeof v === 'number' ? v : undefined } })}
              error={err('duration')}
            />
            <SegmentedControl
              aria-label={t('request.durationUnit')}
              size="md"
              style={{ flex: 1 }}
              value={draft.duration?.unit ?? 'months'}
              onChange={(unit) => update({ duration: { ...draft.duration, unit: unit as 'days' } })}
              data={(['days', 'weeks', 'months', 'years'] as const).map((u) => ({ value: u, label: t(`request.units.${u}`) }))}
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="evolution-label">
              {t('request.evolution')}
            </Text>
            <SegmentedControl
              aria-labelledby="evolution-label"
              fullWidth
              size="md"
              value={draft.evolution ?? ''}
              onChange={(v) => update({ evolution: v as 'new' })}
              data={(['new', 'changing', 'stable'] as const).map((e) => ({ value: e, label: t(`request.evolutions.${e}`) }))}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="symptoms-label">
              {t('request.symptoms')}
            </Text>
            <Group gap="xs" role="group" aria-labelledby="symptoms-label">
              {(['itch', 'bleeding', 'pain'] as const).map((s) => (
                <Chip key={s} size="md" radius="sm" checked={draft.symptoms?.[s] === true} onChange={(checked) => update({ symptoms: { ...draft.symptoms, [s]: checked } })}>
                  {t(`request.symptomsList.${s}`)}
                </Chip>
              ))}
            </Group>
          </Stack>
        </Stack>
      );
      break;
    case 'background':
      body = (
        <Stack gap="md">
          <YesNo label={t('request.personalHistory')} value={draft.personalHistorySkinCancer} onChange={(v) => update({ personalHistorySkinCancer: v })} />
          <YesNo label={t('request.familyHistory')} value={draft.familyHistorySkinCancer} onChange={(v) => update({ familyHistorySkinCancer: v })} />
          <YesNo label={t('request.immunosuppressed')} value={draft.immunosuppressed} onChange={(v) => update({ immunosuppressed: v })} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="phototype-label">
              {t('request.phototype')}
            </Text>
            <SegmentedControl
              aria-labelledby="phototype-label"
              fullWidth
              size="md"
              value={draft.phototype ?? ''}
              onChange={(v) => update({ phototype: v as FitzpatrickPhototype })}
              data={FITZPATRICK_PHOTOTYPES.map((p) => ({ value: p, label: p }))}
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {draft.phototype ? tc(`fitzpatrick.${draft.phototype}`) : t('request.phototypeHint')}
            </Text>
          </Stack>
          <Textarea size="md" autosize minRows={2} label={t('request.treatments')} value={draft.treatments ?? ''} onChange={(e) => update({ treatments: e.currentTarget.value })} error={err('treatments')} />
          <Textarea size="md" autosize minRows={1} label={t('request.allergies')} value={draft.allergies ?? ''} onChange={(e) => update({ allergies: e.currentTarget.value })} error={err('allergies')} />
          <Textarea size="md" autosize minRows={2} label={t('request.history')} value={draft.history ?? ''} onChange={(e) => update({ history: e.currentTarget.value })} error={err('history')} />
        </Stack>
      );
      break;
    case 'checklist':
      body = (
        <Stack gap="md">
          <YesNo label={t('request.pigmented')} value={draft.pigmented} onChange={(v) => update({ pigmented: v, sevenPoint: v ? answers : draft.sevenPoint })} />
          {draft.pigmented ? (
            <SevenPointChecklist value={draft.sevenPoint} onChange={onSevenPoint} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('request.pigmentedHint')}
            </Text>
          )}
          {err('sevenPoint') && (
            <Text c="red.8" size="sm" role="alert">
              {err('sevenPoint')}
            </Text>
          )}
        </Stack>
      );
      break;
    case 'question':
      body = (
        <Stack gap="md">
          <Textarea
            size="md"
            autosize
            minRows={3}
            required
            label={t('request.question')}
            description={t('request.questionHint')}
            value={draft.question ?? ''}
            onChange={(e) => update({ question: e.currentTarget.value })}
            error={err('question')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="urgency-label">
              {t('request.urgency')} <span aria-hidden>*</span>
            </Text>
            <SegmentedControl
              aria-labelledby="urgency-label"
              fullWidth
              size="md"
              value={draft.urgency ?? ''}
              onChange={(v) => {
                setUrgencyRaised(false);
                update({ urgency: v as Urgency });
              }}
              data={(['routine', 'urgent'] as const).map((u) => ({ value: u, label: tc(`urgency.${u}`) }))}
            />
            {err('urgency') && (
              <Text c="red.8" size="sm" role="alert">
                {err('urgency')}
              </Text>
            )}
            {draft.pigmented && suggestsSuspectedCancer(sevenPointScore(answers)) && (
              <Alert color="red" variant="light" p="xs">
                {urgencyRaised ? t('sevenPoint.highMessage') : t('sevenPoint.highReminder', { score: sevenPointScore(answers) })}
              </Alert>
            )}
          </Stack>
          <Select
            size="md"
            label={t('request.routing')}
            description={t('request.routingHint')}
            allowDeselect={false}
            value={routingValue(effectiveRouting)}
            onChange={(v) => updateRouting(parseRouting(v))}
            data={services.map((s) => ({
              group: s.name,
              items: [
                { value: `service:${s.id}`, label: t('request.servicePool', { name: s.name }) },
                ...s.dermatologists.map((d) => ({ value: `derm:${s.id}:${d.id}`, label: d.name })),
              ],
            }))}
            error={err('routing')}
          />
          {routingOptions.error ? <ErrorNotice error={routingOptions.error} /> : null}
        </Stack>
      );
      break;
    case 'photos':
      body = <PhotoSlot caseId={detail.id} editable />;
      break;
    case 'review':
      body = <Review draft={draft} detail={detail} onEdit={goTo} errors={errors} routingLabel={routingLabel(effectiveRouting, services, t)} />;
      break;
    default:
      body = null;
  }

  return (
    <Stack gap="md" maw={560} mx="auto">
      <StepHeader step={step} aside={<SaveIndicator status={status} onRetry={() => void flush()} />} />
      <PatientLine patient={detail.patient} />
      {body}
      <ErrorNotice error={submit.error} />
      {step !== 'consent' && (
        <div className="thumb-bar">
          <Group gap="sm" wrap="nowrap">
            <Button variant="default" size="lg" onClick={back} style={{ flex: '0 0 auto' }}>
              {t('wizard.back')}
            </Button>
            <Button size="lg" onClick={next} loading={submit.isPending} style={{ flex: 1 }}>
              {step === 'review' ? t('wizard.submit') : t('wizard.next')}
            </Button>
          </Group>
        </div>
      )}
    </Stack>
  );
}

function routingLabel(routing: Routing | null, services: { id: string; name: string; dermatologists: { id: string; name: string }[] }[], t: (k: string, o?: Record<string, string>) => string): string {
  if (!routing) return '—';
  const service = services.find((s) => s.id === routing.serviceId);
  if (routing.kind === 'service') return service ? t('request.servicePool', { name: service.name }) : '—';
  return service?.dermatologists.find((d) => d.id === routing.dermatologistId)?.name ?? '—';
}

function Review({
  draft,
  detail,
  onEdit,
  errors,
  routingLabel,
}: {
  draft: RequestDraftV1;
  detail: CaseDetail;
  onEdit: (s: WizardStep) => void;
  errors: FieldErrors;
  routingLabel: string;
}) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const rows: { step: WizardStep; label: string; value: ReactNode }[] = [
    { step: 'site', label: t('request.reason'), value: draft.reason ? tc(`requestReason.${draft.reason}`) + (draft.reasonOther ? ` (${draft.reasonOther})` : '') : null },
    { step: 'site', label: t('request.bodySite'), value: draft.bodySite?.site ? tc(`bodySite.${draft.bodySite.site}`) + (draft.bodySite.detail ? ` (${draft.bodySite.detail})` : '') : null },
    {
      step: 'lesion',
      label: t('request.duration'),
      value: draft.duration?.value !== undefined ? `${draft.duration.value} ${t(`request.units.${draft.duration.unit ?? 'months'}`)}` : null,
    },
    { step: 'lesion', label: t('request.evolution'), value: draft.evolution ? t(`request.evolutions.${draft.evolution}`) : null },
    { step: 'background', label: t('request.phototype'), value: draft.phototype ? tc(`fitzpatrick.${draft.phototype}`) : null },
    {
      step: 'checklist',
      label: t('sevenPoint.title'),
      value: draft.pigmented ? <SevenPointScore answers={completeSevenPoint(draft.sevenPoint)} /> : t('request.notPigmented'),
    },
    { step: 'question', label: t('request.question'), value: draft.question || null },
    { step: 'question', label: t('request.urgency'), value: draft.urgency ? tc(`urgency.${draft.urgency}`) : null },
    { step: 'question', label: t('request.routing'), value: routingLabel },
  ];
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Stack gap="xs">
      {hasErrors && (
        <Alert color="red" role="alert">
          {t('wizard.fixErrors')}
        </Alert>
      )}
      {!detail.consentGiven && (
        <Alert color="orange" role="alert">
          {t('consent.missing')}
        </Alert>
      )}
      {rows.map((row, i) => (
        <div key={i}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" c="dimmed">
                {row.label}
              </Text>
              <Text component="div" style={{ overflowWrap: 'anywhere' }}>{row.value ?? <Text span c="red.8">{t('review.missing')}</Text>}</Text>
            </Stack>
            <Button variant="subtle" size="compact-md" mih={44} style={{ flexShrink: 0 }} onClick={() => onEdit(row.step)} aria-label={t('review.editField', { field: row.label })}>
              {t('review.edit')}
            </Button>
          </Group>
          <Divider />
        </div>
      ))}
      <PhotoSlot caseId={detail.id} />
    </Stack>
  );
}
