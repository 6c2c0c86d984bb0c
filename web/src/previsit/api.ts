// The preparation before a teleconsultation as the web app calls it
// (contracts/appointments/questionnaire.ts).
import { useQuery } from '@tanstack/react-query';
import type { AppointmentPreparation, QuestionnaireDraft, QuestionnaireState } from '../../../contracts/appointments/questionnaire.ts';
import { get, put } from '../api/client.ts';

export const previsitKeys = {
  all: ['previsit'] as const,
  preparation: (appointmentId: string) => ['previsit', 'preparation', appointmentId] as const,
};

export const fetchPreparation = (appointmentId: string) => get<AppointmentPreparation>(`/api/appointments/${appointmentId}/preparation`);

export const saveQuestionnaire = (appointmentId: string, answers: QuestionnaireDraft, submit: boolean) =>
  put<QuestionnaireState>(`/api/appointments/${appointmentId}/questionnaire`, { answers, submit });

export function usePreparation(appointmentId: string | undefined) {
  return useQuery({
    queryKey: previsitKeys.preparation(appointmentId ?? ''),
    queryFn: () => fetchPreparation(appointmentId!),
    enabled: Boolean(appointmentId),
    retry: (count, error) => count < 2 && !(error && 'status' in error && (error as { status: number }).status === 404),
  });
}
