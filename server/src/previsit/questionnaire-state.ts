// How the questionnaire is kept in appointments.questionnaire (jsonb): the
// answers with the contract's version, when and by whom (the patient or their
// practice) they were last saved. Read leniently: a stored value that no
// longer fits the schema gives empty answers rather than an error.
import type { QuestionnaireDraft, QuestionnaireState } from '../../../contracts/appointments/questionnaire.ts';
import { QUESTIONNAIRE_VERSION, QuestionnaireDraftSchema } from '../../../contracts/appointments/questionnaire.ts';

export interface StoredQuestionnaire {
  version: typeof QUESTIONNAIRE_VERSION;
  answers: QuestionnaireDraft;
  savedAt: string;
  filledBy: 'patient' | 'practice';
}

export function toStored(answers: QuestionnaireDraft, savedAt: Date, filledBy: StoredQuestionnaire['filledBy']): StoredQuestionnaire {
  return { version: QUESTIONNAIRE_VERSION, answers, savedAt: savedAt.toISOString(), filledBy };
}

export function readQuestionnaire(stored: unknown, submittedAt: Date | null): QuestionnaireState {
  const value = (stored ?? {}) as Partial<StoredQuestionnaire>;
  const answers = QuestionnaireDraftSchema.safeParse(value.answers ?? {});
  return {
    answers: answers.success ? answers.data : {},
    submittedAt: submittedAt ? submittedAt.toISOString() : null,
    savedAt: typeof value.savedAt === 'string' ? value.savedAt : null,
    filledBy: value.filledBy === 'patient' || value.filledBy === 'practice' ? value.filledBy : null,
  };
}
