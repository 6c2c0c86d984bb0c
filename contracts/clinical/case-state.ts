// The tele-expertise case lifecycle as data, so the server, the queues and the UI
// agree on one table. Who may act *as* a party (membership, assignment) is decided
// by the server; this only says which party a transition belongs to.
import { z } from 'zod';

export const CASE_STATES = [
  'draft',
  'submitted',
  'in_review',
  'awaiting_requester',
  'answered',
  'acknowledged',
  'withdrawn',
] as const;
export const CaseStateSchema = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseStateSchema>;

export const CASE_TRANSITIONS = [
  'submit',
  'claim',
  'release',
  'ask_question',
  'answer_question',
  'sign_answer',
  'acknowledge',
  'withdraw',
  'reassign',
] as const;
export const CaseTransitionSchema = z.enum(CASE_TRANSITIONS);
export type CaseTransition = z.infer<typeof CaseTransitionSchema>;

export const CasePartySchema = z.enum(['requester', 'dermatologist']);
export type CaseParty = z.infer<typeof CasePartySchema>;

export type CaseTransitionRule = {
  readonly transition: CaseTransition;
  readonly party: CaseParty;
  readonly from: readonly CaseState[];
  readonly to: CaseState;
  readonly labelKey: string;
};

export const CASE_TRANSITION_RULES: readonly CaseTransitionRule[] = [
  { transition: 'submit', party: 'requester', from: ['draft'], to: 'submitted', labelKey: 'clinical.caseTransition.submit' },
  { transition: 'claim', party: 'dermatologist', from: ['submitted'], to: 'in_review', labelKey: 'clinical.caseTransition.claim' },
  // Back to the pool, e.g. when the dermatologist cannot finish it in time.
  { transition: 'release', party: 'dermatologist', from: ['in_review'], to: 'submitted', labelKey: 'clinical.caseTransition.release' },
  { transition: 'ask_question', party: 'dermatologist', from: ['in_review'], to: 'awaiting_requester', labelKey: 'clinical.caseTransition.askQuestion' },
  { transition: 'answer_question', party: 'requester', from: ['awaiting_requester'], to: 'in_review', labelKey: 'clinical.caseTransition.answerQuestion' },
  { transition: 'sign_answer', party: 'dermatologist', from: ['in_review'], to: 'answered', labelKey: 'clinical.caseTransition.signAnswer' },
  { transition: 'acknowledge', party: 'requester', from: ['answered'], to: 'acknowledged', labelKey: 'clinical.caseTransition.acknowledge' },
  {
    transition: 'withdraw',
    party: 'requester',
    from: ['draft', 'submitted', 'in_review', 'awaiting_requester'],
    to: 'withdrawn',
    labelKey: 'clinical.caseTransition.withdraw',
  },
  // Hands the case to another dermatologist of the same service; the state is unchanged.
  { transition: 'reassign', party: 'dermatologist', from: ['in_review'], to: 'in_review', labelKey: 'clinical.caseTransition.reassign' },
];

const RULE_BY_TRANSITION = new Map(CASE_TRANSITION_RULES.map((rule) => [rule.transition, rule]));

export function transitionRule(transition: CaseTransition): CaseTransitionRule {
  const rule = RULE_BY_TRANSITION.get(transition);
  if (!rule) throw new Error(`Unknown case transition: ${transition}`);
  return rule;
}

export function nextState(current: CaseState, transition: CaseTransition): CaseState | null {
  const rule = RULE_BY_TRANSITION.get(transition);
  return rule && rule.from.includes(current) ? rule.to : null;
}

export function allowedTransitions(state: CaseState, party?: CaseParty): CaseTransition[] {
  return CASE_TRANSITION_RULES.filter((rule) => rule.from.includes(state) && (party === undefined || rule.party === party)).map(
    (rule) => rule.transition,
  );
}

export function partyFor(transition: CaseTransition): CaseParty {
  return transitionRule(transition).party;
}

// Open cases still need someone's action and count against the deadline queues.
export const OPEN_CASE_STATES: readonly CaseState[] = ['submitted', 'in_review', 'awaiting_requester'];
// Answered stays visible to the requester until acknowledged; these two are final.
export const TERMINAL_CASE_STATES: readonly CaseState[] = ['acknowledged', 'withdrawn'];

export function isOpenState(state: CaseState): boolean {
  return OPEN_CASE_STATES.includes(state);
}

export function isTerminalState(state: CaseState): boolean {
  return TERMINAL_CASE_STATES.includes(state);
}

export const caseStateLabelKey = (state: CaseState): string => `clinical.caseState.${state}`;
